using System.CommandLine;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary>
/// <c>neurothermo sample &lt;run-dir&gt;</c>: draws samples from a trained run's model. No experiment kind can
/// sample yet (the language model will be the first), so for now it names the run's kind and says so.
/// </summary>
internal static class SampleCommand
{
    public static Command Create(CliEnvironment environment, Option<bool> verbose)
    {
        var directory = Cli.RunDirectoryArgument();
        var command = new Command("sample", "Draw samples from a trained run's model (for kinds that can sample).") { directory };
        command.SetAction((parse, _) => CliErrors.Guard(environment, parse.GetValue(verbose), "Sampling failed", () =>
        {
            string path = parse.GetValue(directory)!;
            var run = RunDirectory.Open(path);
            var loaded = ConfigLoader.Load(run.ConfigFile, [], environment.Registry);
            throw new RunDirectoryException(path, $"holds a run of experiment kind '{loaded.Kind.Name}', for which sampling is not available yet");
        }));
        return command;
    }
}
