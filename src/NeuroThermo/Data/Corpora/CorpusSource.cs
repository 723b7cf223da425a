namespace NeuroThermo.Data.Corpora;

/// <summary>
/// Where a corpus's text comes from: one file, or the files of a folder whose names match
/// <see cref="FilePattern"/> (sorted by ordinal name, so the text is the same on every machine).
/// With a <see cref="DocumentSeparator"/> the text is cut into documents at lines holding exactly that
/// string, as in the <c>fortune</c> format where cookies are separated by <c>%</c> lines.
/// </summary>
public sealed record CorpusSource
{
    /// <summary>A file, or a folder of files; relative paths are resolved by the caller.</summary>
    public required string Path { get; init; }

    /// <summary>In a folder, which file names to read: "*" for all, "noext" for names without an extension
    /// (Debian's fortune files, whose ".dat" indexes and ".u8" links are then skipped).</summary>
    public string FilePattern { get; init; } = "*";

    /// <summary>A line that separates documents, or null when the text is one document.</summary>
    public string? DocumentSeparator { get; init; }

    /// <summary>What to do when the path is missing, for the error message (e.g. the package to install).</summary>
    public string InstallHint { get; init; } = "check the path";
}
