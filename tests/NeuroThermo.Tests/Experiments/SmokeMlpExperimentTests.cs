using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class SmokeMlpExperimentTests
{
    /// <summary>The shipped smoke run must cut the loss at least tenfold; a broken gradient or optimizer cannot.</summary>
    private const double RequiredReduction = 10;

    [Fact]
    public void Trainer_CutsTheLossTenfoldAndIsRepeatable()
    {
        var config = new SmokeMlpConfig { Steps = 200 };
        var first = Losses(config, seed: 0);
        var second = Losses(config, seed: 0);
        Assert.True(first[^1] * RequiredReduction < first[0], $"{first[0]} -> {first[^1]}");
        Assert.Equal(first, second);
        Assert.NotEqual(first, Losses(config, seed: 1));
    }

    [Fact]
    public async Task Run_LogsEveryLogEverySteps_CheckpointsEveryCheckpointEverySteps_AndCompletes()
    {
        using var run = new TestRun();
        var config = new SmokeMlpConfig { Steps = 20, LogEvery = 5, CheckpointEvery = 8 };

        var outcome = await SmokeMlpExperiment.RunAsync(config, run.Context(), CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, outcome);
        Assert.Equal([5L, 10, 15, 20], MetricsFile.Read(run.Directory.MetricsFile).Records.Select(r => r.Step));
        var store = new CheckpointStore(run.Directory.CheckpointsDirectory);
        Assert.Equal(20, store.LatestStep());
        // Saved at 8, 16 and at the end; the two newest are kept.
        Assert.Equal(["latest.json", "step-000000016.json", "step-000000016.safetensors", "step-000000020.json", "step-000000020.safetensors"],
            Directory.GetFiles(run.Directory.CheckpointsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InterruptedAndResumed_GivesTheSameLossesAsAnUninterruptedRun()
    {
        var config = new SmokeMlpConfig { Steps = 30, LogEvery = 1, CheckpointEvery = 1000 };
        using var straight = new TestRun(seed: 5);
        Assert.Equal(RunOutcome.Completed, await SmokeMlpExperiment.RunAsync(config, straight.Context(), CancellationToken.None));

        using var stopped = new TestRun(seed: 5);
        using var interrupt = new CancellationTokenSource();
        var context = stopped.Context() with { Progress = new CancelAtStep(12, interrupt) };
        Assert.Equal(RunOutcome.Interrupted, await SmokeMlpExperiment.RunAsync(config, context, interrupt.Token));
        Assert.Equal(12, new CheckpointStore(stopped.Directory.CheckpointsDirectory).LatestStep());
        Assert.Equal(RunOutcome.Completed, await SmokeMlpExperiment.RunAsync(config, stopped.Context(), CancellationToken.None));

        Assert.Equal(LoggedLosses(straight), LoggedLosses(stopped));
        Assert.Equal(30, LoggedLosses(stopped).Count);
    }

    [Fact]
    public async Task CancelledBeforeTheFirstStep_SavesStepZeroAndLogsNothing()
    {
        using var run = new TestRun();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var outcome = await SmokeMlpExperiment.RunAsync(new SmokeMlpConfig(), run.Context(), cancelled.Token);

        Assert.Equal(RunOutcome.Interrupted, outcome);
        Assert.Equal(0, new CheckpointStore(run.Directory.CheckpointsDirectory).LatestStep());
        Assert.Empty(MetricsFile.Read(run.Directory.MetricsFile).Records);
    }

    [Fact]
    public async Task CheckpointOfAnotherShape_IsRejectedWithAClearMessage()
    {
        using var run = new TestRun();
        await SmokeMlpExperiment.RunAsync(new SmokeMlpConfig { Steps = 2 }, run.Context(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            SmokeMlpExperiment.RunAsync(new SmokeMlpConfig { Steps = 4, HiddenWidth = 5 }, run.Context(), CancellationToken.None));
        Assert.Contains("does not fit this smoke.mlp config", error.Message);
    }

    private static List<double> Losses(SmokeMlpConfig config, ulong seed)
    {
        using var trainer = new SmokeMlpTrainer(config, seed);
        return Enumerable.Range(0, config.Steps).Select(_ => trainer.TrainStep()).ToList();
    }

    private static List<(long, double)> LoggedLosses(TestRun run) =>
        MetricsFile.Read(run.Directory.MetricsFile).Records.Select(r => (r.Step, r.Values[SmokeMlpExperiment.LossMetric])).ToList();
}
