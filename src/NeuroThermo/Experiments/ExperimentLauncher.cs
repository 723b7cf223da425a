using NeuroThermo.IO;
using NeuroThermo.TorchExtensions.Distributed;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// Starts and resumes runs: creates or opens the run directory, holds its lock, hands the runner its
/// <see cref="RunContext"/>, and writes the report when the runner returns.
/// </summary>
/// <remarks>
/// Every mistake a user can make is found before the first byte is written, and surfaces as a
/// <see cref="ConfigException"/> or a <see cref="RunDirectoryException"/>; any other exception comes from
/// the run itself.
/// </remarks>
public static partial class ExperimentLauncher
{
    /// <summary>Creates <c>&lt;runsRoot&gt;/&lt;name&gt;-&lt;time&gt;/</c> for <paramref name="loaded"/>, writes its resolved config and runs it.</summary>
    /// <exception cref="ConfigException">The config's kind has no runner yet; nothing is written.</exception>
    public static async Task<(RunDirectory Run, RunOutcome Outcome)> StartAsync(
        LoadedConfig loaded, string runsRoot, DateTime startedAt, ProgressReporter progress, CancellationToken cancellationToken) =>
        await StartAsync(loaded, runsRoot, startedAt, progress, group: null, cancellationToken);

    private static async Task<(RunDirectory Run, RunOutcome Outcome)> StartAsync(
        LoadedConfig loaded, string runsRoot, DateTime startedAt, ProgressReporter progress, ProcessGroup? group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(progress);
        var runner = RunnerOf(loaded);
        CheckDevice(loaded, distributed: group is not null);
        var run = RunDirectory.Create(runsRoot, loaded.RunName, startedAt);
        using (run.Lock())
        {
            AtomicFile.WriteAllText(run.ConfigFile, loaded.ResolvedJson);
            progress.WriteLine($"{loaded.Kind.Name} → {run.Path}");
            return (run, await RunInAsync(run, loaded, runner, progress, group, cancellationToken));
        }
    }

    /// <summary>
    /// Continues the run in <paramref name="runDirectory"/> from its latest checkpoint: removes temporary files
    /// a killed process left, drops metric records logged after that checkpoint, and runs the kind's runner
    /// again in the same directory.
    /// </summary>
    /// <exception cref="RunDirectoryException">The directory is not a run directory, is in use, or its
    /// checkpoint is corrupt; nothing is written.</exception>
    /// <exception cref="ConfigException">Its resolved config no longer loads (a kind renamed, a data file
    /// moved); nothing is written.</exception>
    public static async Task<RunOutcome> ResumeAsync(
        string runDirectory, ExperimentRegistry registry, ProgressReporter progress, CancellationToken cancellationToken) =>
        await ResumeAsync(runDirectory, registry, progress, device: null, group: null, cancellationToken);

    /// <summary>
    /// Resumes as the other overload does, on <paramref name="device"/> when it is not null: the run directory's resolved
    /// config is rewritten with that device (after every check), so the next resume keeps it.
    /// </summary>
    public static async Task<RunOutcome> ResumeAsync(
        string runDirectory, ExperimentRegistry registry, ProgressReporter progress, string? device, CancellationToken cancellationToken) =>
        await ResumeAsync(runDirectory, registry, progress, device, group: null, cancellationToken);

    private static async Task<RunOutcome> ResumeAsync(string runDirectory, ExperimentRegistry registry, ProgressReporter progress,
        string? device, ProcessGroup? group, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(progress);
        var run = RunDirectory.Open(runDirectory);
        using (run.Lock())
        {
            var loaded = ConfigLoader.Load(run.ConfigFile, [], registry, device);
            var runner = RunnerOf(loaded);
            CheckDevice(loaded, distributed: group is not null);
            long? step;
            try
            {
                step = new CheckpointStore(run.CheckpointsDirectory).LatestStep();
            }
            catch (CorruptFileException e)
            {
                throw new RunDirectoryException(runDirectory, $"cannot be resumed: {char.ToLowerInvariant(e.Message[0])}{e.Message[1..].TrimEnd('.')}", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RunDirectoryException(runDirectory, $"cannot be resumed: its checkpoint could not be read ({e.Message.TrimEnd('.')})", e);
            }

            run.CreateSubdirectories();
            if (device is not null && loaded.ResolvedJson != File.ReadAllText(run.ConfigFile))
                AtomicFile.WriteAllText(run.ConfigFile, loaded.ResolvedJson);
            int swept = run.SweepTemporaryFiles().Count;
            int dropped = MetricsFile.KeepThrough(run.MetricsFile, step ?? 0);
            // The runner says from which step it continues.
            progress.WriteLine(step is null
                ? $"{loaded.Kind.Name} → {run.Path} (resumed; no checkpoint yet, so from the start)"
                : $"{loaded.Kind.Name} → {run.Path} (resumed)");
            if (swept > 0 || dropped > 0)
                progress.WriteLine($"removed {swept} unfinished temporary file(s) and {dropped} metric record(s) logged after the checkpoint");
            return await RunInAsync(run, loaded, runner, progress, group, cancellationToken);
        }
    }

    private static async Task<RunOutcome> RunInAsync(RunDirectory run, LoadedConfig loaded, ExperimentRunner runner, ProgressReporter progress,
        ProcessGroup? group, CancellationToken cancellationToken)
    {
        RunOutcome outcome;
        using (var metrics = MetricsLog.Open(run.MetricsFile))
        {
            var context = new RunContext(loaded.RunName, run, loaded.Seed, metrics, new CheckpointStore(run.CheckpointsDirectory), progress)
            {
                Group = group,
            };
            outcome = await runner(loaded.Config, context, cancellationToken);
        }
        var report = RunReportWriter.Write(run);
        progress.WriteLine($"report: {report.ReportFile}");
        return outcome;
    }

    /// <summary>
    /// Refuses, before anything is written, a trainable config whose device this process does not have, and a device other
    /// than the CPU for a data-parallel run (the collectives work on CPU tensors).
    /// </summary>
    /// <exception cref="ConfigException">Either refusal, in one sentence naming the file and the device key.</exception>
    public static void CheckDevice(LoadedConfig loaded, bool distributed)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        if (loaded.Config is not IDeviceConfig trainable)
            return;
        string path = "$." + trainable.DeviceKey;
        string? why = ComputeDevice.WhyUnavailable(trainable.Device);
        if (why is null && !trainable.FollowsDevice && trainable.Device != ComputeDevice.Cpu)
            why = $"experiment kind '{loaded.Kind.Name}' trains on the CPU only so far (docs/engine.md#devices); use \"cpu\"";
        if (why is null && distributed && trainable.Device != ComputeDevice.Cpu)
            why = "data-parallel training runs on the CPU only (its Gloo collectives take CPU tensors); use \"cpu\" with --nproc or --rank";
        if (why is not null)
            throw new ConfigException($"Config file '{loaded.SourceFile}' at {path} asks for device \"{trainable.Device}\", but {why}.", loaded.SourceFile, path);
    }

    private static ExperimentRunner RunnerOf(LoadedConfig loaded) =>
        loaded.Kind.Runner ?? throw new ConfigException(
            $"Config file '{loaded.SourceFile}' at $.{ConfigLoader.KindKey}: experiment kind '{loaded.Kind.Name}' has no runner yet, so it cannot be run.",
            loaded.SourceFile, "$." + ConfigLoader.KindKey);
}
