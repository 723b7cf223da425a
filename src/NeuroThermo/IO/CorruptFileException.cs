namespace NeuroThermo.IO;

/// <summary>
/// A file the program wrote earlier (a checkpoint, a metrics log) is missing or malformed, for example
/// because someone edited it. The message is one sentence naming the file and what is wrong.
/// </summary>
public sealed class CorruptFileException : Exception
{
    /// <summary>Creates the exception; <paramref name="problem"/> continues "File '…' ".</summary>
    public CorruptFileException(string path, string problem, Exception? inner = null)
        : base($"File '{path}' {problem}.", inner)
    {
        FilePath = path;
    }

    /// <summary>The file concerned.</summary>
    public string FilePath { get; }
}
