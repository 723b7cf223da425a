namespace NeuroThermo.Experiments;

/// <summary>
/// Shows the progress of long work (training steps, Monte Carlo sweeps, sweeps over temperatures) and
/// carries the run's log lines. The command line supplies a live bar with rate and ETA on a terminal and
/// plain periodic lines when output is redirected; tests use <see cref="PlainProgressReporter"/> on a
/// string writer.
/// </summary>
/// <remarks>Runners write every line through <see cref="WriteLine"/>, never to the console directly, so
/// that a live display stays intact and tests can read what a run printed.</remarks>
public abstract class ProgressReporter
{
    /// <summary>
    /// Starts tracking a piece of work of <paramref name="total"/> units, <paramref name="completed"/> of which
    /// are already done (a resumed run); dispose the tracker when the work ends or stops.
    /// </summary>
    /// <param name="description">What is being done, such as "training".</param>
    /// <param name="total">Units of work in all; positive.</param>
    /// <param name="completed">Units already done before this call; rates count only the units done after it.</param>
    /// <param name="unit">The plural name of a unit, such as "steps" or "sweeps".</param>
    public abstract ProgressTracker Start(string description, long total, long completed = 0, string unit = "steps");

    /// <summary>Prints one line of the run's log.</summary>
    public abstract void WriteLine(string line);

    /// <summary>Checks the arguments of <see cref="Start"/> in one place for every implementation.</summary>
    protected static void Validate(string description, long total, long completed, string unit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(completed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(completed, total);
    }
}

/// <summary>One piece of work being tracked by a <see cref="ProgressReporter"/>.</summary>
public abstract class ProgressTracker : IDisposable
{
    /// <summary>Reports that <paramref name="completed"/> units (of the total given at the start) are done.</summary>
    public abstract void Report(long completed);

    /// <summary>Ends the tracking: prints or renders the final state.</summary>
    public abstract void Dispose();
}
