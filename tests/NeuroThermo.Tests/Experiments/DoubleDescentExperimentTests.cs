using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class DoubleDescentExperimentTests
{
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

    private static DoubleDescentConfig WithData(DoubleDescentConfig config, TestRun run)
    {
        var (trainImages, trainLabels) = SyntheticIdx.Write(run.Directory.Path, "train", 100, 3, seed: 2);
        var (testImages, testLabels) = SyntheticIdx.Write(run.Directory.Path, "test", 50, 3, seed: 3);
        return config with { Data = new ImageDataFiles { TrainImages = trainImages, TrainLabels = trainLabels, TestImages = testImages, TestLabels = testLabels } };
    }
}
