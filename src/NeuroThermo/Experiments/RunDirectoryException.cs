namespace NeuroThermo.Experiments;

/// <summary>
/// A directory named as a run directory cannot be used: it is missing, is not a run directory, holds a
/// corrupt file or is in use. The message is one sentence naming the directory, fit to print without a
/// stack trace.
/// </summary>
public sealed class RunDirectoryException : Exception
{
    /// <summary>Creates the exception; <paramref name="problem"/> continues "Run directory '…' ".</summary>
    public RunDirectoryException(string directory, string problem, Exception? inner = null)
        : base($"Run directory '{directory}' {problem}.", inner)
    {
        Directory = directory;
    }

    /// <summary>The directory as the caller named it.</summary>
    public string Directory { get; }
}
