namespace NeuroThermo.Data.Corpora;

/// <summary>
/// A corpus that cannot be used: missing, empty, binary or not UTF-8. The message is one sentence naming
/// the file and what to do, fit to print without a stack trace.
/// </summary>
public sealed class CorpusException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is the complete sentence shown to the user.</summary>
    public CorpusException(string path, string message, Exception? inner = null) : base(message, inner)
    {
        FilePath = path;
    }

    /// <summary>The file or folder concerned.</summary>
    public string FilePath { get; }
}
