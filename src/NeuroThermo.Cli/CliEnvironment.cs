using NeuroThermo.Experiments;
using Spectre.Console;

namespace NeuroThermo.Cli;

/// <summary>
/// What the commands use from the world: output writers, whether output is a terminal, the experiment
/// registry, the clock and the configs directory. The process uses <see cref="FromConsole"/>; tests build
/// their own to run the command in-process.
/// </summary>
internal sealed class CliEnvironment
{
    /// <summary>Seconds between two plain progress lines when output is not a terminal.</summary>
    private static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(5);

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>True when output is a terminal: progress is then a live bar instead of periodic lines.</summary>
    public bool Interactive { get; init; }

    public ExperimentRegistry Registry { get; init; } = ExperimentRegistry.CreateBuiltIn();

    /// <summary>The local time a run starts at, which names its directory.</summary>
    public Func<DateTime> Now { get; init; } = () => DateTime.Now;

    /// <summary>Where <c>list</c> looks for shipped configs.</summary>
    public string ConfigsDirectory { get; init; } = "configs";

    /// <summary>The real console; progress is live only when standard output is an interactive terminal.</summary>
    public static CliEnvironment FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive,
    };

    /// <summary>Runs <paramref name="work"/> with the progress display that suits the output.</summary>
    public Task<T> WithProgressAsync<T>(Func<ProgressReporter, Task<T>> work) =>
        Interactive
            ? SpectreProgressReporter.RunAsync(work)
            : work(new PlainProgressReporter(Out, PlainProgressInterval));
}
