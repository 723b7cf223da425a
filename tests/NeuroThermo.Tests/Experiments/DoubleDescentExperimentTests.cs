using System.Text.Json;
using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class DoubleDescentExperimentTests : IDisposable
{
    // With 30% of the 60 labels redrawn, a network must memorize to fit them; a 64-64-3 network (4,355 parameters,
    // far past n K = 180) trained 150 epochs does; allowing 1 of 60 examples wrong keeps the bound from being met by
    // a network that merely learned the classes (which would leave about a fifth wrong).
    private const double WidestTrainError = 1.0 / 60;

    private static readonly int[] Widths = [1, 2, 8, 64];

    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Sweep_IsLogSpacedBetweenItsEnds_WithoutDuplicates()
    {
        var counts = DoubleDescentExperiment.Sweep(100, 20_000, 50);

        Assert.Equal(50, counts.Length);
        Assert.Equal(100, counts[0]);
        Assert.Equal(20_000, counts[^1]);
        Assert.All(counts.Zip(counts.Skip(1)), pair => Assert.InRange((double)pair.Second / pair.First, 1.10, 1.13));
        Assert.Equal([1L, 2, 3, 4], DoubleDescentExperiment.Sweep(1, 4, 10));
    }

    [Fact]
    public async Task StoppedAndResumed_LogsEveryFeatureCountOnce_WithTheSameValues_AndPlots()
    {
        var config = new DoubleDescentConfig { TrainCount = 60, TestCount = 50, MinFeatures = 10, MaxFeatures = 240, FeatureCounts = 6 };
        using var straight = new TestRun(seed: 4);
        Assert.Equal(RunOutcome.Completed, await DoubleDescentExperiment.RunAsync(WithData(config, straight), straight.Context(), CancellationToken.None));

        using var stopped = new TestRun(seed: 4);
        using var interrupt = new CancellationTokenSource();
        var context = stopped.Context() with { Progress = new CancelAtStep(3, interrupt) };
        var stoppedConfig = WithData(config, stopped);
        Assert.Equal(RunOutcome.Interrupted, await DoubleDescentExperiment.RunAsync(stoppedConfig, context, interrupt.Token));
        Assert.Equal(RunOutcome.Completed, await DoubleDescentExperiment.RunAsync(stoppedConfig, stopped.Context(), CancellationToken.None));

        var expected = MetricsFile.Read(straight.Directory.MetricsFile).Records.Select(r => (r.Step, r.Values[DoubleDescentExperiment.TestMse])).ToList();
        Assert.Equal(DoubleDescentExperiment.Sweep(10, 240, 6), expected.Select(e => e.Step));
        Assert.Equal(expected, MetricsFile.Read(stopped.Directory.MetricsFile).Records.Select(r => (r.Step, r.Values[DoubleDescentExperiment.TestMse])));
        Assert.True(File.Exists(Path.Combine(stopped.Directory.PlotsDirectory, DoubleDescentExperiment.MsePlot)));
        Assert.True(File.Exists(Path.Combine(stopped.Directory.PlotsDirectory, DoubleDescentExperiment.ErrorPlot)));
    }

    [Fact]
    public async Task ConfigDrivenRun_WithMlpWidths_LogsOneRecordPerWidth_FitsNoisyLabelsWhenWide_AndPlotsBothCurves()
    {
        string mlp = $$"""{"widths": [{{string.Join(", ", Widths)}}], "epochs": 150, "batchSize": 20, "learningRate": 0.01}""";
        var loaded = ConfigLoader.Load(dir.Write("widths.json", $$"""
            {"kind": "double-descent", "name": "widths", "seed": 5, "data": {{DataJson()}}, "mlp": {{mlp}},
             "trainCount": 60, "testCount": 50, "minFeatures": 10, "maxFeatures": 240, "featureCounts": 4, "labelNoise": 0.3}
            """), [], ExperimentRegistry.CreateBuiltIn());

        var (run, outcome) = await ExperimentLauncher.StartAsync(loaded, Path.Combine(dir.Path, "runs"), new DateTime(2026, 11, 22, 12, 0, 0),
            new PlainProgressReporter(new StringWriter(), TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, outcome);
        var history = MetricsFile.Read(run.MetricsFile);
        Assert.Equal(Widths.Select(w => (double)w), history.Series(DoubleDescentExperiment.MlpWidth).Values);
        Assert.Equal(Widths.Select(w => (double)MlpWidthFit.Parameters(64, w, 3)), history.Series(DoubleDescentExperiment.MlpParameters).Values);
        var steps = history.Records.Select(r => r.Step).ToList();
        Assert.Equal(steps.Order(), steps);
        Assert.Equal(steps.Count, steps.Distinct().Count());
        var trainErrors = history.Series(DoubleDescentExperiment.MlpTrainError).Values;
        Assert.True(trainErrors[^1] <= WidestTrainError, $"widest network's train error {trainErrors[^1]}");
        Assert.True(trainErrors[0] > trainErrors[^1], $"train errors by width: {string.Join(", ", trainErrors)}");
        foreach (string plot in new[] { DoubleDescentExperiment.ParameterMsePlot, DoubleDescentExperiment.ParameterErrorPlot })
        {
            string svg = File.ReadAllText(Path.Combine(run.PlotsDirectory, plot));
            Assert.Contains("random features, test", svg);
            Assert.Contains("MLP (AdamW), test", svg);
            Assert.Contains($"plots/{plot}", File.ReadAllText(run.ReportFile));
        }
    }

    [Fact]
    public async Task StoppedBetweenWidthsAndResumed_LogsEveryWidthOnce_WithTheSameValues()
    {
        var config = new DoubleDescentConfig
        {
            TrainCount = 60, TestCount = 50, MinFeatures = 10, MaxFeatures = 240, FeatureCounts = 2,
            Mlp = new MlpWidthSweepConfig { Widths = [2, 4, 8, 16], Epochs = 5, BatchSize = 20 },
        };
        using var straight = new TestRun(seed: 6);
        Assert.Equal(RunOutcome.Completed, await DoubleDescentExperiment.RunAsync(WithData(config, straight), straight.Context(), CancellationToken.None));

        using var stopped = new TestRun(seed: 6);
        using var interrupt = new CancellationTokenSource();
        // Only the width sweep's progress reaches 3 (two feature counts): the stop falls between the third and fourth width.
        var context = stopped.Context() with { Progress = new CancelAtStep(3, interrupt) };
        var stoppedConfig = WithData(config, stopped);
        Assert.Equal(RunOutcome.Interrupted, await DoubleDescentExperiment.RunAsync(stoppedConfig, context, interrupt.Token));
        Assert.Equal(3, MetricsFile.Read(stopped.Directory.MetricsFile).Series(DoubleDescentExperiment.MlpTestMse).Values.Length);
        Assert.Equal(RunOutcome.Completed, await DoubleDescentExperiment.RunAsync(stoppedConfig, stopped.Context(), CancellationToken.None));

        Assert.Equal(Logged(straight), Logged(stopped));
        Assert.Equal(4, MetricsFile.Read(stopped.Directory.MetricsFile).Series(DoubleDescentExperiment.MlpTestMse).Values.Length);
    }

    [Fact]
    public async Task WidthsNotIncreasing_AreRejectedNamingTheField()
    {
        using var run = new TestRun();
        var config = WithData(new DoubleDescentConfig { Mlp = new MlpWidthSweepConfig { Widths = [4, 8, 8] } }, run);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DoubleDescentExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        Assert.Equal("double-descent's mlp.widths must increase strictly, but 8 follows 8.", error.Message);
    }

    [Theory]
    [InlineData("\"widths\": [4, 0]", "$.mlp.widths[1]", "expected an integer from 1 to 1000000, got 0")]
    [InlineData("\"epoch\": 10", "$.mlp.epoch", "did you mean 'epochs'?")]
    [InlineData("\"weightDecay\": -0.1", "$.mlp.weightDecay", "got -0.1")]
    [InlineData("\"cost\": \"hinge\"", "$.mlp.cost", "hinge")]
    public void BadMlpSection_IsAConfigErrorNamingFileAndField(string mlp, string jsonPath, string expected)
    {
        string path = dir.Write("bad.json", """{"kind": "double-descent", "mlp": {""" + mlp + "}}");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, [], ExperimentRegistry.CreateBuiltIn()));

        Assert.Equal(jsonPath, error.JsonPath);
        Assert.Contains("bad.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    private static List<(long, string, double)> Logged(TestRun run) =>
        MetricsFile.Read(run.Directory.MetricsFile).Records.SelectMany(r => r.Values.Select(v => (r.Step, v.Key, v.Value))).ToList();

    private string DataJson()
    {
        var (trainImages, trainLabels) = SyntheticIdx.Write(dir.Path, "train", 100, 3, seed: 2);
        var (testImages, testLabels) = SyntheticIdx.Write(dir.Path, "test", 50, 3, seed: 3);
        return JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["trainImages"] = trainImages, ["trainLabels"] = trainLabels, ["testImages"] = testImages, ["testLabels"] = testLabels,
        });
    }

    private static DoubleDescentConfig WithData(DoubleDescentConfig config, TestRun run)
    {
        var (trainImages, trainLabels) = SyntheticIdx.Write(run.Directory.Path, "train", 100, 3, seed: 2);
        var (testImages, testLabels) = SyntheticIdx.Write(run.Directory.Path, "test", 50, 3, seed: 3);
        return config with { Data = new ImageDataFiles { TrainImages = trainImages, TrainLabels = trainLabels, TestImages = testImages, TestLabels = testLabels } };
    }
}
