using NeuroThermo.TorchExtensions.Distributed;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// What a runner is handed besides its config: the services of one run. The launcher that builds it owns
/// them and disposes them after the runner returns.
/// </summary>
/// <param name="RunName">The config's run name.</param>
/// <param name="Directory">The run directory and the paths inside it.</param>
/// <param name="Seed">The one seed every random generator of the run derives from.</param>
/// <param name="Metrics">Where the runner logs one record per logged step or evaluation.</param>
/// <param name="Checkpoints">Where the runner saves its state, and finds it again when resumed.</param>
/// <param name="Progress">The progress display and the place for the runner's log lines.</param>
public sealed record RunContext(
    string RunName, RunDirectory Directory, long Seed, MetricsLog Metrics, CheckpointStore Checkpoints, ProgressReporter Progress)
{
    /// <summary>
    /// The ranks of a data-parallel run, null for one process. Runners that support it train on their rank's shard;
    /// the launcher gives ranks other than 0 a scratch directory, so that only rank 0 writes the run's files.
    /// </summary>
    public ProcessGroup? Group { get; init; }
}
