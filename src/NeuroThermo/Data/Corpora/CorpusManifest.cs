using System.Text.Json;

namespace NeuroThermo.Data.Corpora;

/// <summary>
/// Reads a corpus manifest (<c>corpora/*.json</c>, JSON with comments): <c>path</c> (required; relative to the
/// manifest's folder), and optionally <c>filePattern</c>, <c>documentSeparator</c> and <c>installHint</c>, as in
/// <see cref="CorpusSource"/>. Any other key, or a value of the wrong type, is a one-sentence error.
/// </summary>
public static class CorpusManifest
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The source a manifest describes, its path made absolute.</summary>
    public static CorpusSource Load(string manifestPath)
    {
        if (!File.Exists(manifestPath))
            throw new CorpusException(manifestPath, $"Corpus manifest '{manifestPath}' does not exist; the manifests are in corpora/.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(manifestPath), Options);
        }
        catch (JsonException e)
        {
            throw new CorpusException(manifestPath, $"Corpus manifest '{manifestPath}' is not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CorpusException(manifestPath, $"Corpus manifest '{manifestPath}' must hold a JSON object.");
            string? path = null, pattern = null, separator = null, hint = null;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : throw new CorpusException(manifestPath, $"Corpus manifest '{manifestPath}' field '{property.Name}' must be a string.");
                switch (property.Name)
                {
                    case "path": path = value; break;
                    case "filePattern": pattern = value; break;
                    case "documentSeparator": separator = value; break;
                    case "installHint": hint = value; break;
                    default:
                        throw new CorpusException(manifestPath,
                            $"Corpus manifest '{manifestPath}' has unknown field '{property.Name}'; expected path, filePattern, documentSeparator or installHint.");
                }
            }
            if (string.IsNullOrEmpty(path))
                throw new CorpusException(manifestPath, $"Corpus manifest '{manifestPath}' needs a field 'path' naming a file or folder.");
            var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
            var source = new CorpusSource { Path = Path.GetFullPath(Path.Combine(folder, path)), DocumentSeparator = separator };
            if (pattern is not null) source = source with { FilePattern = pattern };
            if (hint is not null) source = source with { InstallHint = hint };
            return source;
        }
    }
}
