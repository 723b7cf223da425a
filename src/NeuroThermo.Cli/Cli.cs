using System.CommandLine;
using System.Globalization;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary>
/// The <c>neurothermo</c> command. Exit codes: 0 success, 1 failure during a run, 2 usage or
/// config error (nothing written), 130 interrupted.
/// </summary>
internal static class Cli
{
    internal const int Success = 0;
    internal const int RunFailed = 1;
    internal const int UsageError = 2;
    internal const int Interrupted = 130;

    internal static async Task<int> RunAsync(string[] args)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Show stack traces of errors." };
        var root = new RootCommand("NeuroThermo: the statistical physics of neural networks, as working code.");
        root.Options.Add(verbose);
        root.Subcommands.Add(RunCommand(verbose));
        root.Subcommands.Add(ListCommand());
        return await root.Parse(args).InvokeAsync();
    }

    private static Command RunCommand(Option<bool> verbose)
    {
        var config = new Argument<string>("config") { Description = "The experiment's config file (configs/*.json)." };
        var set = new Option<string[]>("--set") { Description = "Override a config value: --set key.path=value (repeatable)." };
        var output = new Option<string>("--out") { Description = "Where run directories go (default: runs/)." };
        var command = new Command("run", "Run the experiment a config file describes.") { config, set, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var registry = ExperimentRegistry.CreateBuiltIn();
            LoadedConfig loaded;
            try
            {
                loaded = ConfigLoader.Load(parse.GetValue(config)!, parse.GetValue(set) ?? [], registry);
            }
            catch (ConfigException e)
            {
                Console.Error.WriteLine(e.Message);
                return UsageError;
            }
            if (loaded.Kind.Runner is null)
            {
                Console.Error.WriteLine($"Experiment kind '{loaded.Kind.Name}' has no runner yet.");
                return UsageError;
            }
            var runs = parse.GetValue(output) ?? "runs";
            var directory = Path.Combine(runs, $"{loaded.RunName}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            try
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(Path.Combine(directory, "config.resolved.json"), loaded.ResolvedJson);
                Console.WriteLine($"{loaded.Kind.Name} → {directory}");
                var code = await loaded.Kind.Runner(loaded.Config, new RunContext(loaded.RunName, directory, loaded.Seed), cancellationToken);
                return cancellationToken.IsCancellationRequested ? Interrupted : code;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine(parse.GetValue(verbose) ? e.ToString() : $"The run failed: {e.Message}");
                return RunFailed;
            }
        });
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List the experiment kinds and the shipped configs.");
        command.SetAction(_ =>
        {
            foreach (var kind in ExperimentRegistry.CreateBuiltIn().Kinds) Console.WriteLine($"{kind.Name,-24} {kind.Description}");
            if (Directory.Exists("configs"))
            {
                Console.WriteLine();
                foreach (var file in Directory.GetFiles("configs", "*.json").Order(StringComparer.Ordinal)) Console.WriteLine(file);
            }
            return Success;
        });
        return command;
    }
}
