using System.CommandLine;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary><c>neurothermo resume &lt;run-dir&gt;</c>: continues a stopped or killed run from its latest checkpoint.</summary>
internal static class ResumeCommand
{
    public static Command Create(CliEnvironment environment, Option<bool> verbose)
    {
        var directory = Cli.RunDirectoryArgument();
        var command = new Command("resume", "Continue a stopped or killed run from its latest checkpoint, in the same directory.") { directory };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(environment, parse.GetValue(verbose), "The run failed", async () =>
        {
            var outcome = await environment.WithProgressAsync(progress =>
                ExperimentLauncher.ResumeAsync(parse.GetValue(directory)!, environment.Registry, progress, cancellationToken));
            return ExitCodes.For(outcome);
        }));
        return command;
    }
}
