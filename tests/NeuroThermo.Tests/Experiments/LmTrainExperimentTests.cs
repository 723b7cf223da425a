using NeuroThermo.Data.Corpora;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Experiments;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
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

    /// <summary>
    /// k micro-batches of B against one batch of k·B: the same sequences, the same mean gradient, so the same
    /// parameters after a few steps up to float32 rounding in another summation order, which Adam amplifies where
    /// it divides a tiny gradient by its own size (observed 1.2e-6 after 3 steps at lr 1e-2). A different batch
    /// moves parameters by ~lr per step, a thousand times more.
    /// </summary>
    private const double AccumulationTol = 1e-5;

    [Fact]
    public void GradientAccumulation_StepsAsOneBatchOfTheCombinedSize()
    {
        var corpus = TextCorpus.Load(CorpusManifest.Load(_config.Corpus));
        var tokenizer = CharTokenizer.Train(corpus.Train + corpus.Validation);
        var train = tokenizer.Encode(corpus.Train);
        var validation = tokenizer.Encode(corpus.Validation);
        var config = _config with { Dropout = 0 };
        using var accumulated = new LmTrainer(config with { BatchSize = 4, GradientAccumulation = 2 }, 5, tokenizer.VocabularySize, train, validation);
        using var combined = new LmTrainer(config with { BatchSize = 8 }, 5, tokenizer.VocabularySize, train, validation);
        using var other = new LmTrainer(config with { BatchSize = 4 }, 5, tokenizer.VocabularySize, train, validation);
        for (var step = 0; step < 3; step++)
        {
            Assert.Equal(combined.TrainStep(), accumulated.TrainStep(), AccumulationTol);
            other.TrainStep();
        }

        var deviation = MaxDeviation(accumulated, combined);
        Assert.True(deviation < AccumulationTol, $"accumulated vs combined batch: {deviation}");
        // Half the batch alone is a different step: the comparison above can fail.
        Assert.True(MaxDeviation(other, combined) > 100 * AccumulationTol);
    }

    private static double MaxDeviation(LmTrainer a, LmTrainer b)
    {
        using var scope = torch.NewDisposeScope();
        return a.Model.parameters().Zip(b.Model.parameters())
            .Max(pair => pair.First.sub(pair.Second).abs().max().ItemAs<float>());
    }

    [Fact]
    public void FlopsPerStep_CountsSixPerMultiplyingParameterPerTokenPlusAttention()
    {
        const int vocabulary = 20;
        var config = _config with { Bias = false, EmbeddingSize = 16, LayerCount = 2, ContextLength = 8, BatchSize = 3, GradientAccumulation = 2 };
        var tokens = Enumerable.Range(0, 100).Select(i => i % vocabulary).ToArray();
        using var trainer = new LmTrainer(config, 1, vocabulary, tokens, tokens);

        // By hand, for this architecture: 12d² matrices and 2d LayerNorm gains per block, a final gain d, and the
        // tied embedding V·d used as the output layer; the position embedding is a lookup.
        const int d = 16, layers = 2, time = 8;
        const double multiplying = layers * (12.0 * d * d + 2 * d) + d + vocabulary * d;
        const double perToken = 6 * multiplying + 12.0 * layers * time * d;
        Assert.Equal(3 * 8 * 2, trainer.TokensPerStep);
        Assert.Equal(perToken * trainer.TokensPerStep, trainer.FlopsPerStep, 1e-9 * perToken);
    }

    [Fact]
    public async Task Run_LogsSpeedAndPrintsASampleAtEveryTemperature()
    {
        using var run = new TestRun();
        using var log = new StringWriter();
        var progress = new PlainProgressReporter(log, TimeSpan.FromHours(1));
        var outcome = await LmTrainExperiment.RunAsync(_config with { SampleTemperatures = [0.25, 1.0, 4.0], Steps = 10, EvalEvery = 10 },
            run.Context() with { Progress = progress }, CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, outcome);
        foreach (var metric in new[] { "ms_per_step", "tokens_per_s", "flops_per_s" })
            Assert.All(Metric(run, metric), value => Assert.True(value > 0 && double.IsFinite(value), $"{metric} = {value}"));
        Assert.Equal(10, Metric(run, "tokens_per_s").Count);
        var samples = File.ReadAllText(Path.Combine(run.Directory.Path, "samples.txt"));
        foreach (var heading in new[] { "sample at T = 0.25 ", "sample at T = 1 ", "sample at T = 4 " })
        {
            Assert.Contains(heading, samples);
            Assert.Contains(log.ToString().Split('\n'), line => line.StartsWith(heading, StringComparison.Ordinal));
        }
    }

    /// <summary>float32 means over batches of different sizes: rounding only (observed ~1e-7).</summary>
    private const double FullValidationTol = 1e-5;

    [Fact]
    public void FullValidationLoss_IsTheMeanOverEveryWindowWhateverTheBatching()
    {
        var corpus = TextCorpus.Load(CorpusManifest.Load(_config.Corpus));
        var tokenizer = CharTokenizer.Train(corpus.Train + corpus.Validation);
        var validation = tokenizer.Encode(corpus.Validation);
        using var trainer = new LmTrainer(_config with { Dropout = 0 }, 5, tokenizer.VocabularySize, tokenizer.Encode(corpus.Train), validation);
        trainer.TrainStep();

        // Independently: every window of T inputs at offsets 0, T, 2T, … scored on its own.
        var time = _config.ContextLength;
        var windows = (validation.Length - 1) / time;
        var expected = 0.0;
        using (torch.no_grad())
        {
            trainer.Model.eval();
            for (var w = 0; w < windows; w++)
            {
                using var scope = torch.NewDisposeScope();
                var inputs = torch.tensor(validation.Skip(w * time).Take(time).Select(t => (long)t).ToArray(), [1, time]);
                var targets = torch.tensor(validation.Skip(w * time + 1).Take(time).Select(t => (long)t).ToArray(), [1, time]);
                expected += trainer.Model.Loss(inputs, targets).ItemAs<float>() / windows;
            }
        }
        Assert.True(windows > 7, $"only {windows} windows: the batching below would not be exercised");
        Assert.Equal(expected, trainer.FullValidationLoss(windowsPerBatch: 1), FullValidationTol);
        Assert.Equal(expected, trainer.FullValidationLoss(windowsPerBatch: 7), FullValidationTol);
    }
}
