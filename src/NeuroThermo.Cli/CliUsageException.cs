namespace NeuroThermo.Cli;

/// <summary>A command-line option with a value the command cannot use: one sentence for the user, exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
