using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary>The exit codes of <c>neurothermo</c>, the same for every command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Something failed while a run (or a report) was being made; what was written is left in place.</summary>
    public const int Failed = 1;

    /// <summary>A usage or config error: nothing was written.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C, SIGINT or SIGTERM) after the current step was finished and saved: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;

    public static int For(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Completed => Success,
        RunOutcome.Interrupted => Interrupted,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown run outcome."),
    };
}
