namespace NeuroThermo.Experiments;

/// <summary>How a runner ended when it did not throw. Failures are exceptions, not outcomes.</summary>
public enum RunOutcome
{
    /// <summary>All the work the config asks for is done.</summary>
    Completed,

    /// <summary>Cancellation stopped the run between two steps, after it saved a checkpoint and its metrics,
    /// so <c>neurothermo resume</c> can continue it.</summary>
    Interrupted,
}
