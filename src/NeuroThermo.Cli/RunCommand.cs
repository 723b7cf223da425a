using System.CommandLine;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary><c>neurothermo run &lt;config&gt; [--set k=v]… [--out DIR]</c>: a new run of a config file.</summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment, Option<bool> verbose)
    {
        var config = new Argument<string>("config") { Description = "The experiment's config file (configs/*.json)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a config value, type-checked like the file: --set key.path=value (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--out") { Description = "Where run directories go.", DefaultValueFactory = _ => "runs" };
        var command = new Command("run", "Run the experiment a config file describes, in a new directory <out>/<name>-<yyyyMMdd-HHmmss>/.")
        {
            config, set, output,
        };
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(environment, parse.GetValue(verbose), "The run failed", async () =>
        {
            // Everything a user can get wrong is checked here, before anything is written.
            var loaded = ConfigLoader.Load(parse.GetValue(config)!, parse.GetValue(set) ?? [], environment.Registry);
            var (_, outcome) = await environment.WithProgressAsync(progress =>
                ExperimentLauncher.StartAsync(loaded, parse.GetValue(output)!, environment.Now(), progress, cancellationToken));
            return ExitCodes.For(outcome);
        }));
        return command;
    }
}
