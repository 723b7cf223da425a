using NeuroThermo.Experiments;

namespace NeuroThermo.Cli.Tests;

/// <summary>What one in-process invocation of the command printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>Runs <c>neurothermo</c> in-process, with its output captured and a fixed start time.</summary>
internal static class CliHost
{
    public static readonly DateTime StartTime = new(2026, 11, 22, 12, 0, 0);

    public static async Task<CliResult> RunAsync(
        string[] args, ExperimentRegistry? registry = null, string? configsDirectory = null, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Registry = registry ?? ExperimentRegistry.CreateBuiltIn(),
            Now = () => StartTime,
            ConfigsDirectory = configsDirectory ?? "configs",
        };
        int code = await Cli.RunAsync(args, environment, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
