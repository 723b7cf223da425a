using System.Text.Json;
using System.Xml.Linq;
using NeuroThermo.Experiments;
using NeuroThermo.Models.Transformer;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

/// <summary><c>lm.scaling</c> end to end on five tiny sizes, Kaplan's parameter count, and the config errors.</summary>
public sealed class LmScalingExperimentTests : IDisposable
{
    // scaling.json stores doubles in shortest round-trip form, so a refit of its points repeats the run's fit exactly
    // up to the last bit of the logarithms.
    private const double RefitTol = 1e-12;

    private readonly TinyLanguageModelRun _tiny = new();

    public void Dispose() => _tiny.Dispose();

    private string ScalingJson(string sizes, int steps = 12) =>
        $$"""
        { "kind": "lm.scaling", "name": "scaling",
          "train": { "corpus": "{{_tiny.Corpus.Replace("\\", "\\\\")}}", "contextLength": 16, "batchSize": 4, "steps": {{steps}},
                     "warmupSteps": 2, "evalEvery": 6, "evalBatches": 2, "checkpointEvery": 6, "learningRate": 0.01, "sampleTokens": 8 },
          "sizes": [{{sizes}}] }
        """;

    private const string FiveSizes =
        """
        { "embeddingSize": 4, "layerCount": 1, "headCount": 1 }, { "embeddingSize": 8, "layerCount": 1, "headCount": 2 },
        { "embeddingSize": 8, "layerCount": 2, "headCount": 2 }, { "embeddingSize": 12, "layerCount": 2, "headCount": 2 },
        { "embeddingSize": 16, "layerCount": 2, "headCount": 2 }
        """;

    [Fact]
    public async Task FiveTinySizes_TrainInTheirOwnRunsAndGetFitted()
    {
        var (run, outcome) = await _tiny.LaunchAsync("scaling.json", ScalingJson(FiveSizes));

        Assert.Equal(RunOutcome.Completed, outcome);
        XDocument.Load(Path.Combine(run.PlotsDirectory, LmScalingExperiment.PlotFile));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, LmScalingExperiment.ResultsFile)));
        var points = results.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(5, points.Count);
        var sizes = points.Select(p => (double)p.GetProperty("nonEmbeddingParameters").GetInt64()).ToArray();
        var losses = points.Select(p => p.GetProperty("validationLoss").GetDouble()).ToArray();
        Assert.True(sizes.Zip(sizes.Skip(1)).All(pair => pair.Second > pair.First), $"N = {string.Join(", ", sizes)} should grow");
        Assert.Equal(12L * 4 * 16, results.RootElement.GetProperty("tokensPerModel").GetInt64());

        // Each size is a complete lm.train run whose final validation estimate is the fitted L.
        foreach (var (point, i) in points.Select((p, i) => (p, i)))
        {
            var sub = RunDirectory.Open(Path.Combine(run.Path, LmScalingExperiment.SizesFolder, point.GetProperty("label").GetString()!));
            Assert.True(File.Exists(Path.Combine(sub.Path, "best.safetensors")));
            Assert.True(File.Exists(sub.ReportFile));
            var history = MetricsFile.Read(sub.MetricsFile);
            Assert.Equal(12, history.Last("val_loss")!.Step);
            Assert.Equal(losses[i], history.Last("val_loss")!.Values["val_loss"]);
        }
        Assert.Equal(losses, MetricsFile.Read(run.MetricsFile).Series(LmScalingExperiment.ValidationLoss).Values);

        var fit = results.RootElement.GetProperty("fit");
        var refit = PowerLawFit.Fit(sizes, losses);
        Assert.Equal(refit.Exponent, fit.GetProperty("alphaN").GetDouble(), RefitTol);
        Assert.Equal(refit.ExponentError, fit.GetProperty("alphaNError").GetDouble(), RefitTol);
        Assert.Equal(refit.LogScale, fit.GetProperty("lnNC").GetDouble(), RefitTol);
        Assert.Contains("α_N =", _tiny.Output.ToString());
    }

    [Fact]
    public async Task StoppedAfterThreeSizes_WritesAPartialFit_AndResumesToTheSameFit()
    {
        var (straight, _) = await _tiny.LaunchAsync("straight.json", ScalingJson(FiveSizes, steps: 6));
        using var stop = new CancellationTokenSource();
        var stopping = new PlainProgressReporter(_tiny.Output, TimeSpan.FromHours(1));
        // Cancel once the fourth size has started: its lm.train run stops before its first step.
        var path = Path.Combine(_tiny.Folder, "stopped.json");
        await File.WriteAllTextAsync(path, ScalingJson(FiveSizes, steps: 6));
        var loaded = ConfigLoader.Load(path, [], _tiny.Registry);
        var (stopped, outcome) = await ExperimentLauncher.StartAsync(loaded, _tiny.RunsRoot, TinyLanguageModelRun.StartTime,
            new CancelOnLine("size 4 of 5", stop, stopping), stop.Token);
        Assert.Equal(RunOutcome.Interrupted, outcome);
        Assert.Equal(3, new CheckpointStore(stopped.CheckpointsDirectory).LatestStep());
        using (var partial = JsonDocument.Parse(File.ReadAllText(Path.Combine(stopped.Path, LmScalingExperiment.ResultsFile))))
        {
            Assert.Equal(3, partial.RootElement.GetProperty("sizesFitted").GetInt32());
            Assert.Equal(3, partial.RootElement.GetProperty("points").GetArrayLength());
        }

        Assert.Equal(RunOutcome.Completed, await ExperimentLauncher.ResumeAsync(stopped.Path, _tiny.Registry, stopping, CancellationToken.None));

        var expected = MetricsFile.Read(straight.MetricsFile).Series(LmScalingExperiment.ValidationLoss).Values;
        Assert.Equal(expected, MetricsFile.Read(stopped.MetricsFile).Series(LmScalingExperiment.ValidationLoss).Values);
        Assert.Equal(File.ReadAllText(Path.Combine(straight.Path, LmScalingExperiment.ResultsFile)),
            File.ReadAllText(Path.Combine(stopped.Path, LmScalingExperiment.ResultsFile)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NonEmbeddingCount_LeavesOutExactlyTheEmbeddingsAndUnembedding(bool tied)
    {
        using var model = new TransformerLanguageModel(new TransformerConfig
        {
            VocabularySize = 11, ContextLength = 7, EmbeddingSize = 8, LayerCount = 2, HeadCount = 2, TieWeights = tied,
        });
        var byName = model.named_parameters()
            .Where(p => !p.name.StartsWith("tokenEmbedding.", StringComparison.Ordinal)
                        && !p.name.StartsWith("positionEmbedding.", StringComparison.Ordinal)
                        && !p.name.StartsWith("outputLayer.", StringComparison.Ordinal))
            .Sum(p => p.parameter.numel());
        Assert.Equal(byName, LmScalingExperiment.NonEmbeddingParameterCount(model));
        Assert.True(byName > 12 * 2 * 8 * 8, "two blocks hold at least their 12·L·d² matrix entries");
    }

    [Fact]
    public async Task HeadsThatDoNotDivideASize_AreAConfigErrorAtThatSize()
    {
        var sizes = FiveSizes.Replace("\"embeddingSize\": 12, \"layerCount\": 2, \"headCount\": 2", "\"embeddingSize\": 12, \"layerCount\": 2, \"headCount\": 5");
        var error = await Assert.ThrowsAsync<ConfigException>(() => _tiny.LaunchAsync("heads.json", ScalingJson(sizes)));
        Assert.Equal("$.sizes[3].headCount", error.JsonPath);
    }

    [Fact]
    public async Task TwoSizes_AreAConfigError()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            _tiny.LaunchAsync("two.json", ScalingJson("""{ "embeddingSize": 4 }, { "embeddingSize": 8 }""")));
        Assert.Equal("$.sizes", error.JsonPath);
    }

    /// <summary>Cancels <paramref name="stop"/> when a line containing <paramref name="trigger"/> is written.</summary>
    private sealed class CancelOnLine(string trigger, CancellationTokenSource stop, ProgressReporter inner) : ProgressReporter
    {
        public override ProgressTracker Start(string description, long total, long completed = 0, string unit = "steps") =>
            inner.Start(description, total, completed, unit);

        public override void WriteLine(string line)
        {
            if (line.Contains(trigger, StringComparison.Ordinal))
                stop.Cancel();
            inner.WriteLine(line);
        }
    }
}
