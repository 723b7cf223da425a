using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class LmTrainExperimentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lm-corpus-").FullName;
    private readonly LmTrainConfig _config;

    public LmTrainExperimentTests()
    {
        var sentences = new[] { "the cat sat on the mat.", "a dog ate the bone!", "we sing, they dance." };
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => sentences[i * 7 % 3] + "\n%\n"));
        File.WriteAllText(Path.Combine(_folder, "corpus.txt"), text);
        File.WriteAllText(Path.Combine(_folder, "corpus.json"), """{ "path": "corpus.txt", "documentSeparator": "%" }""");
        _config = new LmTrainConfig
        {
            Corpus = Path.Combine(_folder, "corpus.json"), ContextLength = 16, EmbeddingSize = 16, LayerCount = 1,
            HeadCount = 2, BatchSize = 8, Steps = 30, WarmupSteps = 5, EvalEvery = 10, EvalBatches = 2, LogEvery = 1,
            LearningRate = 1e-2, SampleTokens = 20,
        };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<double> Metric(TestRun run, string name) => MetricsFile.Read(run.Directory.MetricsFile).Records
        .Where(r => r.Values.ContainsKey(name)).Select(r => r.Values[name]).ToList();

    [Theory]
    [InlineData(LmTokenizerKind.Char)]
    [InlineData(LmTokenizerKind.Bpe)]
    public async Task Run_LowersTheValidationLossAndWritesItsFiles(LmTokenizerKind tokenizer)
    {
        using var run = new TestRun();
        var outcome = await LmTrainExperiment.RunAsync(_config with { Tokenizer = tokenizer, VocabularySize = 300 }, run.Context(), CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, outcome);
        var validation = Metric(run, "val_loss");
        Assert.Equal(3, validation.Count);
        Assert.True(validation[^1] < validation[0], $"validation loss {validation[0]} -> {validation[^1]}");
        foreach (var file in new[] { "tokenizer.json", "tokens-train.bin", "tokens-val.bin", "best.safetensors", "samples.txt" })
            Assert.True(File.Exists(Path.Combine(run.Directory.Path, file)), file);
    }

    [Fact]
    public async Task InterruptedAndResumed_GivesTheSameLossesAsAnUninterruptedRun()
    {
        using var straight = new TestRun(seed: 3);
        Assert.Equal(RunOutcome.Completed, await LmTrainExperiment.RunAsync(_config, straight.Context(), CancellationToken.None));

        using var stopped = new TestRun(seed: 3);
        using var interrupt = new CancellationTokenSource();
        var context = stopped.Context() with { Progress = new CancelAtStep(13, interrupt) };
        Assert.Equal(RunOutcome.Interrupted, await LmTrainExperiment.RunAsync(_config, context, interrupt.Token));
        Assert.Equal(13, new CheckpointStore(stopped.Directory.CheckpointsDirectory).LatestStep());
        Assert.Equal(RunOutcome.Completed, await LmTrainExperiment.RunAsync(_config, stopped.Context(), CancellationToken.None));

        Assert.Equal(Metric(straight, "loss"), Metric(stopped, "loss"));
        Assert.Equal(Metric(straight, "val_loss"), Metric(stopped, "val_loss"));
    }

    [Fact]
    public async Task HeadsThatDoNotDivideTheWidth_AreAConfigError()
    {
        using var run = new TestRun();
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            LmTrainExperiment.RunAsync(_config with { HeadCount = 3 }, run.Context(), CancellationToken.None));
        Assert.Equal("$.headCount", error.JsonPath);
        Assert.Contains("do not divide embeddingSize 16", error.Message);
    }
}
