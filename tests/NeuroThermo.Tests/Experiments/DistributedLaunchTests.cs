using NeuroThermo.Experiments;
using NeuroThermo.TorchExtensions.Distributed;
using NeuroThermo.TorchExtensions.Tests.Distributed;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

/// <summary>Two ranks of <c>lm.train</c> as threads, through the launcher: who writes what, and stopping and resuming.</summary>
public sealed class DistributedLaunchTests : IDisposable
{
    private const int Ranks = 2;
    private const int StopStep = 7;
    private static readonly DateTime StartedAt = new(2026, 11, 22, 15, 0, 0);

    private readonly TempConfigDirectory dir = new();
    private readonly LoadedConfig loaded;

    public DistributedLaunchTests()
    {
        dir.Write("corpus.txt", string.Concat(Enumerable.Repeat("to be or not to be, that is the question\n%\n", 60)));
        dir.Write("corpus.json", """{ "path": "corpus.txt", "documentSeparator": "%" }""");
        string config = dir.Write("lm.json", """
            {"kind": "lm.train", "corpus": "corpus.json", "contextLength": 8, "embeddingSize": 8, "layerCount": 1, "headCount": 2,
             "batchSize": 4, "steps": 15, "warmupSteps": 1, "evalEvery": 5, "evalBatches": 1, "logEvery": 1, "checkpointEvery": 5,
             "dropout": 0, "sampleTokens": 5}
            """);
        loaded = ConfigLoader.Load(config, [], ExperimentRegistry.CreateBuiltIn());
    }

    public void Dispose() => dir.Dispose();

    private static ProgressReporter Quiet => new PlainProgressReporter(TextWriter.Null, TimeSpan.FromHours(1));

    private RunOutcome[] Start(string runs, Func<int, (ProgressReporter Progress, CancellationToken Token)> perRank)
    {
        int port = LoopbackRanks.FreePort();
        return LoopbackRanks.RunEach(Ranks, rank =>
        {
            using var group = ProcessGroup.Create(LoopbackRanks.At(port, rank, Ranks));
            var (progress, token) = perRank(rank);
            return ExperimentLauncher.StartRankAsync(loaded, runs, StartedAt, progress, group, token).GetAwaiter().GetResult().Outcome;
        });
    }

    private static List<double> Losses(string run) =>
        MetricsFile.Read(Path.Combine(run, "metrics.jsonl")).Records.Where(r => r.Values.ContainsKey("loss")).Select(r => r.Values["loss"]).ToList();

    [Fact]
    public void StoppedOnOneRankAndResumed_GivesTheLossesOfAnUninterruptedRun()
    {
        string straightRuns = Path.Combine(dir.Path, "straight"), stoppedRuns = Path.Combine(dir.Path, "stopped");
        Assert.All(Start(straightRuns, _ => (Quiet, CancellationToken.None)), o => Assert.Equal(RunOutcome.Completed, o));

        // Ctrl+C reaches rank 0 only; rank 1 stops after the same step because the ranks agree on stopping.
        using var interrupt = new CancellationTokenSource();
        var outcomes = Start(stoppedRuns, rank => rank == 0 ? (new CancelAtStep(StopStep, interrupt), interrupt.Token) : (Quiet, CancellationToken.None));
        Assert.All(outcomes, o => Assert.Equal(RunOutcome.Interrupted, o));
        string run = Assert.Single(Directory.GetDirectories(stoppedRuns));
        Assert.Equal(StopStep, new CheckpointStore(Path.Combine(run, "checkpoints")).LatestStep());

        int port = LoopbackRanks.FreePort();
        var resumed = LoopbackRanks.RunEach(Ranks, rank =>
        {
            using var group = ProcessGroup.Create(LoopbackRanks.At(port, rank, Ranks));
            return ExperimentLauncher.ResumeRankAsync(run, ExperimentRegistry.CreateBuiltIn(), Quiet, group, CancellationToken.None).GetAwaiter().GetResult();
        });

        Assert.All(resumed, o => Assert.Equal(RunOutcome.Completed, o));
        string straight = Assert.Single(Directory.GetDirectories(straightRuns));
        Assert.Equal(15, Losses(straight).Count);
        Assert.Equal(Losses(straight), Losses(run));
    }

    [Fact]
    public void OnlyRank0_WritesIntoTheRunsDirectory()
    {
        string runs = Path.Combine(dir.Path, "runs");
        var outcomes = Start(runs, _ => (Quiet, CancellationToken.None));

        Assert.All(outcomes, o => Assert.Equal(RunOutcome.Completed, o));
        string run = Assert.Single(Directory.GetDirectories(runs));
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), $"neurothermo-rank1-{Environment.ProcessId}-*"));
    }
}
