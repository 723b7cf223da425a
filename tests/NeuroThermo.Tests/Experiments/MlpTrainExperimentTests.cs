using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class MlpTrainExperimentTests
{
    private const int Classes = 4;

    /// <summary>Chance is 1/4; the classes are separable, so a working trainer gets well above this.</summary>
    private const double RequiredTestAccuracy = 0.8;

    [Fact]
    public async Task Run_OnASyntheticIdxPair_ClassifiesTheTestSetFarAboveChance_AndWritesItsImages()
    {
        using var run = new TestRun();
        var config = Synthetic(run, randomLabels: false) with { Epochs = 8 };

        var outcome = await MlpTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, outcome);
        var history = MetricsFile.Read(run.Directory.MetricsFile);
        double accuracy = history.Last(MlpTrainExperiment.TestAccuracy)!.Values[MlpTrainExperiment.TestAccuracy];
        Assert.True(accuracy >= RequiredTestAccuracy, $"test accuracy {accuracy}");
        Assert.True(File.Exists(Path.Combine(run.Directory.ImagesDirectory, "confusion-matrix.png")));
        var csv = File.ReadAllLines(Path.Combine(run.Directory.Path, MlpTrainExperiment.ConfusionCsv));
        Assert.Equal(1 + Classes, csv.Length);
        Assert.Equal(TestCount, csv.Skip(1).Sum(line => line.Split(',').Skip(1).Sum(long.Parse)));
        long wrong = (long)Math.Round((1 - accuracy) * TestCount);
        var tiles = File.ReadAllLines(Path.Combine(run.Directory.Path, MlpTrainExperiment.MisclassifiedCsv)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(Math.Min(wrong, config.MisclassifiedShown), tiles.Count);
        Assert.All(tiles, t => Assert.NotEqual(t[2], t[3]));
    }

    [Fact]
    public async Task RandomLabels_StopEarly_PatienceEpochsAfterTheBestValidationLoss()
    {
        const int Patience = 2, Epochs = 60;
        using var run = new TestRun();
        var config = Synthetic(run, randomLabels: true) with
        {
            Epochs = Epochs, Patience = Patience, LearningRate = 0.01, Schedule = MlpSchedule.Constant, HiddenWidths = [64],
        };

        await MlpTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None);

        var losses = MetricsFile.Read(run.Directory.MetricsFile).Series(MlpTrainExperiment.ValidationLoss).Values;
        Assert.True(losses.Length < Epochs, $"ran all {losses.Length} epochs");
        int best = Array.IndexOf(losses, losses.Min());
        Assert.Equal(losses.Length - 1 - Patience, best);
    }

    [Fact]
    public async Task InterruptedMidEpochAndResumed_LogsTheSameMetricsAsAnUninterruptedRun()
    {
        using var straight = new TestRun(seed: 3);
        var config = Synthetic(straight, randomLabels: false) with { Epochs = 3, BatchSize = 50 };
        Assert.Equal(RunOutcome.Completed, await MlpTrainExperiment.RunAsync(config, straight.Context(), CancellationToken.None));

        using var stopped = new TestRun(seed: 3);
        using var interrupt = new CancellationTokenSource();
        // 270 training images in batches of 50 make 6 steps an epoch; step 8 lies inside the second epoch.
        var context = stopped.Context() with { Progress = new CancelAtStep(8, interrupt) };
        Assert.Equal(RunOutcome.Interrupted, await MlpTrainExperiment.RunAsync(config, context, interrupt.Token));
        Assert.Equal(8, new CheckpointStore(stopped.Directory.CheckpointsDirectory).LatestStep());
        Assert.Equal(RunOutcome.Completed, await MlpTrainExperiment.RunAsync(config, stopped.Context(), CancellationToken.None));

        Assert.Equal(Logged(straight), Logged(stopped));
    }

    [Fact]
    public async Task FinishedRunResumed_LogsItsTestRecordOnce()
    {
        using var run = new TestRun(seed: 3);
        var config = Synthetic(run, randomLabels: false) with { Epochs = 2, BatchSize = 50 };
        Assert.Equal(RunOutcome.Completed, await MlpTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None));
        var finished = Logged(run);

        Assert.Equal(RunOutcome.Completed, await MlpTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        Assert.Single(MetricsFile.Read(run.Directory.MetricsFile).Records, r => r.Values.ContainsKey(MlpTrainExperiment.TestAccuracy));
        Assert.Equal(finished, Logged(run));
    }

    [Fact]
    public async Task IdxFilesGivenOnlyInPart_AreRejectedNamingTheMissingOnes()
    {
        using var run = new TestRun();
        var config = Synthetic(run, randomLabels: false);
        config = config with { Data = config.Data with { TestLabels = null } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => MlpTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        Assert.Contains("data.testLabels is not set", error.Message);
    }

    private const int TrainCount = 300, TestCount = 120;

    private static MlpTrainConfig Synthetic(TestRun run, bool randomLabels)
    {
        var (trainImages, trainLabels) = SyntheticIdx.Write(run.Directory.Path, "train", TrainCount, Classes, seed: 2, randomLabels);
        var (testImages, testLabels) = SyntheticIdx.Write(run.Directory.Path, "test", TestCount, Classes, seed: 3, randomLabels);
        return new MlpTrainConfig
        {
            Data = new ImageDataFiles { TrainImages = trainImages, TrainLabels = trainLabels, TestImages = testImages, TestLabels = testLabels },
            HiddenWidths = [32], BatchSize = 32, ValidationFraction = 0.1, LearningRate = 3e-3,
        };
    }

    private static List<(long, string, double)> Logged(TestRun run) =>
        MetricsFile.Read(run.Directory.MetricsFile).Records
            .SelectMany(r => r.Values.Select(v => (r.Step, v.Key, v.Value))).ToList();
}
