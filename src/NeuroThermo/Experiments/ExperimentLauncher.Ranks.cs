using NeuroThermo.IO;
using NeuroThermo.TorchExtensions.Distributed;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>The ranks of a data-parallel run: rank 0 runs as one process would, the others in a scratch directory.</summary>
public static partial class ExperimentLauncher
{
    /// <summary>
    /// Starts this process's rank of a run of <paramref name="loaded"/> over <paramref name="group"/>. Rank 0 creates
    /// and writes the run directory as <c>StartAsync</c> does; every other rank writes only to a scratch directory
    /// of its own (tokenizer and caches it needs to train), which is deleted when it returns.
    /// </summary>
    public static async Task<(RunDirectory Run, RunOutcome Outcome)> StartRankAsync(LoadedConfig loaded, string runsRoot, DateTime startedAt,
        ProgressReporter progress, ProcessGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Rank == 0)
            return await StartAsync(loaded, runsRoot, startedAt, progress, group, cancellationToken);
        var runner = RunnerOf(loaded);
        CheckDevice(loaded, distributed: true);
        string scratch = ScratchRoot(group);
        try
        {
            var run = RunDirectory.Create(scratch, loaded.RunName, startedAt);
            AtomicFile.WriteAllText(run.ConfigFile, loaded.ResolvedJson);
            return (run, await RunRankAsync(run, loaded, runner, progress, group, cancellationToken));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Resumes this process's rank of the run in <paramref name="runDirectory"/>, which every rank must be able to read
    /// (one machine, or a shared file system): rank 0 as <c>ResumeAsync</c> does, every other rank from a copy of
    /// its checkpoints in a scratch directory. The world size must be the one the run started with.
    /// </summary>
    public static async Task<RunOutcome> ResumeRankAsync(string runDirectory, ExperimentRegistry registry, ProgressReporter progress,
        ProcessGroup group, CancellationToken cancellationToken) =>
        await ResumeRankAsync(runDirectory, registry, progress, device: null, group, cancellationToken);

    /// <summary>Resumes this process's rank as the other overload does, with the device set to <paramref name="device"/>
    /// when it is not null (a data-parallel run takes only "cpu").</summary>
    public static async Task<RunOutcome> ResumeRankAsync(string runDirectory, ExperimentRegistry registry, ProgressReporter progress,
        string? device, ProcessGroup group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(group);
        if (group.Rank == 0)
            return await ResumeAsync(runDirectory, registry, progress, device, group, cancellationToken);
        var source = RunDirectory.Open(runDirectory);
        var loaded = ConfigLoader.Load(source.ConfigFile, [], registry, device);
        var runner = RunnerOf(loaded);
        CheckDevice(loaded, distributed: true);
        string scratch = ScratchRoot(group);
        try
        {
            var run = RunDirectory.Create(scratch, loaded.RunName, DateTime.Now);
            AtomicFile.WriteAllText(run.ConfigFile, loaded.ResolvedJson);
            // Rank 0 cannot write a newer checkpoint before this rank has joined its first step, so the copy is consistent.
            foreach (var file in Directory.EnumerateFiles(source.CheckpointsDirectory))
                File.Copy(file, Path.Combine(run.CheckpointsDirectory, Path.GetFileName(file)));
            return await RunRankAsync(run, loaded, runner, progress, group, cancellationToken);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<RunOutcome> RunRankAsync(RunDirectory run, LoadedConfig loaded, ExperimentRunner runner, ProgressReporter progress,
        ProcessGroup group, CancellationToken cancellationToken)
    {
        using var metrics = MetricsLog.Open(run.MetricsFile);
        var context = new RunContext(loaded.RunName, run, loaded.Seed, metrics, new CheckpointStore(run.CheckpointsDirectory), progress)
        {
            Group = group,
        };
        return await runner(loaded.Config, context, cancellationToken);
    }

    private static string ScratchRoot(ProcessGroup group) =>
        Path.Combine(Path.GetTempPath(), $"neurothermo-rank{group.Rank}-{Environment.ProcessId}-{Guid.NewGuid():N}");
}
