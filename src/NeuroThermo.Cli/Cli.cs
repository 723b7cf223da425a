using System.CommandLine;
using System.CommandLine.Invocation;

namespace NeuroThermo.Cli;

/// <summary>
/// The <c>neurothermo</c> command: <c>run</c>, <c>resume</c>, <c>sample</c>, <c>list</c> and <c>report</c>,
/// each with <c>--help</c>, and <c>--verbose</c> anywhere for stack traces. Exit codes are those of
/// <see cref="ExitCodes"/>.
/// </summary>
internal static class Cli
{
    /// <summary>Runs the command the process was started with, with Ctrl+C and SIGTERM handled.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        var environment = CliEnvironment.FromConsole();
        using var interrupt = new InterruptSignal(environment.Error);
        return await RunAsync(args, environment, interrupt.Token);
    }

    /// <summary>Parses and runs <paramref name="args"/> in <paramref name="environment"/>; cancelling
    /// <paramref name="cancellationToken"/> acts as Ctrl+C.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Show the full error, with its stack trace.", Recursive = true };
        var root = new RootCommand("NeuroThermo: the statistical physics of neural networks, as working code.")
        {
            RunCommand.Create(environment, verbose),
            ResumeCommand.Create(environment, verbose),
            SampleCommand.Create(environment, verbose),
            ListCommand.Create(environment),
            ReportCommand.Create(environment, verbose),
        };
        root.Options.Add(verbose);
        root.HelpName = "neurothermo"; // the command's name, not the assembly's (see the project file)

        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // System.CommandLine exits with 1 on a parse error; here every usage error is 2, with no help dump.
            foreach (var error in parse.Errors)
                environment.Error.WriteLine(error.Message);
            environment.Error.WriteLine($"See '{CommandPath(parse)} --help'.");
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            ProcessTerminationTimeout = null, // see InterruptSignal
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The <c>&lt;run-dir&gt;</c> argument of the commands that work on an existing run.</summary>
    public static Argument<string> RunDirectoryArgument() =>
        new("run-dir") { Description = "The run directory (runs/<name>-<yyyyMMdd-HHmmss>/)." };

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command is RootCommand ? "neurothermo" : result.Command.Name);
        return string.Join(' ', names);
    }
}
