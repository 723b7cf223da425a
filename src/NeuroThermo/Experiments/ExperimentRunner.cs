namespace NeuroThermo.Experiments;

/// <summary>
/// Runs one experiment from its validated config. The same call starts a run and resumes one: a runner
/// first asks <see cref="RunContext.Checkpoints"/> for the latest checkpoint and continues from it if
/// there is one.
/// </summary>
/// <param name="config">An instance of the kind's <see cref="ExperimentKind.ConfigType"/>.</param>
/// <param name="context">The run's directory, seed, metrics log, checkpoints and progress display.</param>
/// <param name="cancellationToken">Signalled on Ctrl+C: finish the current step, save a checkpoint and the
/// metrics, and return <see cref="RunOutcome.Interrupted"/>.</param>
public delegate Task<RunOutcome> ExperimentRunner(object config, RunContext context, CancellationToken cancellationToken);
