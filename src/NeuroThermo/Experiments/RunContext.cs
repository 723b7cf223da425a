namespace NeuroThermo.Experiments;

/// <summary>
/// What a runner is handed besides its config. A placeholder for the run-directory layer: it will grow
/// (metrics writer, checkpoint store) when the runner is written, so runners should take it whole.
/// </summary>
/// <param name="RunName">The config's run name.</param>
/// <param name="RunDirectory">The directory this run writes into, <c>runs/&lt;name&gt;-&lt;time&gt;/</c>.</param>
/// <param name="Seed">The one seed every random generator of the run derives from.</param>
public sealed record RunContext(string RunName, string RunDirectory, long Seed);

/// <summary>Runs one experiment from its validated config; returns the process exit code (0 for success).</summary>
/// <param name="config">An instance of the kind's <see cref="ExperimentKind.ConfigType"/>.</param>
/// <param name="context">Run name, directory and seed.</param>
/// <param name="cancellationToken">Signalled on Ctrl+C; a runner should stop at the next step and save.</param>
public delegate Task<int> ExperimentRunner(object config, RunContext context, CancellationToken cancellationToken);
