using System.CommandLine;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary><c>neurothermo list</c>: the experiment kinds and the config files shipped in configs/.</summary>
internal static class ListCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("list", "List the experiment kinds and the shipped configs.");
        command.SetAction(_ =>
        {
            var output = environment.Out;
            output.WriteLine("Experiment kinds:");
            foreach (var kind in environment.Registry.Kinds)
                output.WriteLine($"  {kind.Name,-24} {kind.Description}");
            output.WriteLine();
            if (!Directory.Exists(environment.ConfigsDirectory))
            {
                output.WriteLine($"No {environment.ConfigsDirectory}/ directory here.");
                return ExitCodes.Success;
            }
            output.WriteLine($"Configs in {environment.ConfigsDirectory}/:");
            foreach (string file in Directory.GetFiles(environment.ConfigsDirectory, "*.json").Order(StringComparer.Ordinal))
                output.WriteLine($"  {file,-40} {Describe(file, environment.Registry)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(string file, ExperimentRegistry registry)
    {
        try
        {
            return ConfigLoader.Load(file, [], registry).Kind.Name;
        }
        catch (ConfigException e)
        {
            return $"(does not load: {e.Message})";
        }
    }
}
