using System.Xml.Linq;
using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class ExperimentLauncherTests : IDisposable
{
    private static readonly DateTime StartTime = new(2026, 11, 22, 9, 30, 0);

    private readonly TempConfigDirectory dir = new();
    private readonly ExperimentRegistry registry = ExperimentRegistry.CreateBuiltIn();
    private readonly StringWriter output = new();

    public void Dispose() => dir.Dispose();

    private string RunsRoot => Path.Combine(dir.Path, "runs");

    private PlainProgressReporter Progress => new(output, TimeSpan.FromHours(1));

    private LoadedConfig Config(string body) =>
        ConfigLoader.Load(dir.Write("tiny.json", $$"""{"kind": "smoke.mlp", "seed": 3, {{body}}}"""), [], registry);

    [Fact]
    public async Task Start_WritesConfigMetricsCheckpointsPlotAndReport()
    {
        var loaded = Config("\"steps\": 6, \"logEvery\": 2, \"hiddenWidth\": 4");

        var (run, outcome) = await ExperimentLauncher.StartAsync(loaded, RunsRoot, StartTime, Progress, CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, outcome);
        Assert.Equal(Path.Combine(RunsRoot, "tiny-20261122-093000"), run.Path);
        Assert.Equal(loaded.ResolvedJson, File.ReadAllText(run.ConfigFile));
        Assert.Equal([2L, 4, 6], MetricsFile.Read(run.MetricsFile).Records.Select(r => r.Step));
        Assert.Equal(6, new CheckpointStore(run.CheckpointsDirectory).LatestStep());
        XDocument.Load(Path.Combine(run.PlotsDirectory, "metric-loss.svg"));
        Assert.Contains("plots/metric-loss.svg", File.ReadAllText(run.ReportFile));
        Assert.Empty(Directory.GetFiles(run.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Start_SameNameInTheSameSecond_GetsItsOwnDirectory()
    {
        var loaded = Config("\"steps\": 1");
        var (first, _) = await ExperimentLauncher.StartAsync(loaded, RunsRoot, StartTime, Progress, CancellationToken.None);
        var (second, _) = await ExperimentLauncher.StartAsync(loaded, RunsRoot, StartTime, Progress, CancellationToken.None);
        Assert.Equal(first.Path + "-2", second.Path);
    }

    [Fact]
    public async Task Resume_AfterAKill_DropsWhatFollowedTheCheckpoint_AndMatchesAStraightRun()
    {
        // Checkpoints at 7, 14 and 20; the two newest are kept.
        var loaded = Config("\"steps\": 20, \"logEvery\": 1, \"checkpointEvery\": 7, \"hiddenWidth\": 6");
        var (straight, _) = await ExperimentLauncher.StartAsync(loaded, RunsRoot, StartTime, Progress, CancellationToken.None);
        var (killed, _) = await ExperimentLauncher.StartAsync(loaded, RunsRoot, StartTime, Progress, CancellationToken.None);
        SimulateKillAfterStep(killed, checkpointStep: 14, loggedThrough: 17);

        var outcome = await ExperimentLauncher.ResumeAsync(killed.Path, registry, Progress, CancellationToken.None);

        Assert.Equal(RunOutcome.Completed, outcome);
        Assert.Contains("resuming from the checkpoint of step 14", output.ToString());
        Assert.Equal(Losses(straight), Losses(killed));
        Assert.Empty(Directory.GetFiles(killed.Path, ".*.tmp", SearchOption.AllDirectories));
        Assert.False(MetricsFile.Read(killed.MetricsFile).TornLastLine);
    }

    [Fact]
    public async Task Resume_OfADirectoryThatIsNoRun_ThrowsAndWritesNothing()
    {
        string empty = Directory.CreateDirectory(Path.Combine(dir.Path, "empty")).FullName;
        var error = await Assert.ThrowsAsync<RunDirectoryException>(() =>
            ExperimentLauncher.ResumeAsync(empty, registry, Progress, CancellationToken.None));
        Assert.Contains("is not a run directory", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(empty));
        await Assert.ThrowsAsync<RunDirectoryException>(() =>
            ExperimentLauncher.ResumeAsync(Path.Combine(dir.Path, "missing"), registry, Progress, CancellationToken.None));
    }

    [Fact]
    public async Task Resume_WithACorruptCheckpoint_ThrowsBeforeChangingAnything()
    {
        var (run, _) = await ExperimentLauncher.StartAsync(Config("\"steps\": 4, \"logEvery\": 1"), RunsRoot, StartTime, Progress, CancellationToken.None);
        File.WriteAllText(Path.Combine(run.CheckpointsDirectory, "step-000000004.safetensors"), "not safetensors");
        File.AppendAllText(run.MetricsFile, "{\"step\":5,");
        byte[] metrics = File.ReadAllBytes(run.MetricsFile);

        var error = await Assert.ThrowsAsync<RunDirectoryException>(() =>
            ExperimentLauncher.ResumeAsync(run.Path, registry, Progress, CancellationToken.None));

        Assert.Contains("cannot be resumed", error.Message);
        Assert.Contains("step-000000004.safetensors", error.Message);
        Assert.Equal(metrics, File.ReadAllBytes(run.MetricsFile));
    }

    [Fact]
    public async Task Resume_OfARunInUse_IsRefused()
    {
        var (run, _) = await ExperimentLauncher.StartAsync(Config("\"steps\": 1"), RunsRoot, StartTime, Progress, CancellationToken.None);
        using (run.Lock())
        {
            var error = await Assert.ThrowsAsync<RunDirectoryException>(() =>
                ExperimentLauncher.ResumeAsync(run.Path, registry, Progress, CancellationToken.None));
            Assert.Contains("in use", error.Message);
        }
    }

    /// <summary>
    /// Leaves the directory as a kill after <paramref name="loggedThrough"/> would: the newest complete checkpoint is
    /// that of <paramref name="checkpointStep"/>, metrics go further and end in a torn line, and a temporary file
    /// of an unfinished write remains.
    /// </summary>
    private static void SimulateKillAfterStep(RunDirectory run, long checkpointStep, long loggedThrough)
    {
        foreach (string file in Directory.GetFiles(run.CheckpointsDirectory))
        {
            if (!Path.GetFileName(file).StartsWith($"step-{checkpointStep:D9}.", StringComparison.Ordinal))
                File.Delete(file);
        }
        File.WriteAllText(Path.Combine(run.CheckpointsDirectory, CheckpointStore.LatestFileName),
            $$"""{"step": {{checkpointStep}}, "checkpoint": "step-{{checkpointStep:D9}}.json"}""");
        var kept = MetricsFile.Read(run.MetricsFile).Records.Where(r => r.Step <= loggedThrough);
        File.WriteAllText(run.MetricsFile, MetricsLog.Format(kept) + $"{{\"step\":{loggedThrough + 1},\"lo");
        File.WriteAllText(Path.Combine(run.CheckpointsDirectory, $".step-{loggedThrough + 1:D9}.json.{Guid.NewGuid():N}.tmp"), "{\"st");
    }

    private static List<(long, double)> Losses(RunDirectory run) =>
        MetricsFile.Read(run.MetricsFile).Records.Select(r => (r.Step, r.Values[SmokeMlpExperiment.LossMetric])).ToList();
}
