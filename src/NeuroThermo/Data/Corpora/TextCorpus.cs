using System.Text;

namespace NeuroThermo.Data.Corpora;

/// <summary>
/// A text corpus split into a training and a validation part by a fixed rule: when the corpus has
/// documents, every tenth document (index 9, 19, …) is validation; otherwise the last tenth of the
/// characters is (cut at a character boundary, as nanoGPT does). Each document of a separated corpus
/// is followed by its separator line in both parts, so a model learns where documents end.
/// </summary>
public sealed class TextCorpus
{
    /// <summary>One document in this many goes to validation; also 1/fraction of a plain text.</summary>
    public const int ValidationEvery = 10;

    private TextCorpus(string train, string validation, int documentCount)
    {
        Train = train;
        Validation = validation;
        DocumentCount = documentCount;
    }

    /// <summary>The training text.</summary>
    public string Train { get; }

    /// <summary>The validation text.</summary>
    public string Validation { get; }

    /// <summary>The number of documents (1 for a corpus without separator).</summary>
    public int DocumentCount { get; }

    /// <summary>Reads and splits the corpus; throws <see cref="CorpusException"/> with one sentence on bad input.</summary>
    public static TextCorpus Load(CorpusSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = new StringBuilder();
        var characters = 0;
        foreach (var file in Files(source))
        {
            var content = CorpusText.ReadUtf8(file);
            characters += content.Length;
            text.Append(content);
            // A file's last document ends with the file, even when its separator line is missing.
            if (source.DocumentSeparator is not null)
                text.Append('\n').Append(source.DocumentSeparator).Append('\n');
        }
        if (characters == 0)
            throw new CorpusException(source.Path, $"Corpus '{source.Path}' is empty; point the config at a file with text in it.");
        return FromText(text.ToString(), source.DocumentSeparator);
    }

    /// <summary>Splits <paramref name="text"/> by the fixed rule.</summary>
    public static TextCorpus FromText(string text, string? documentSeparator)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (documentSeparator is null)
        {
            var cut = text.Length - text.Length / ValidationEvery;
            if (cut < text.Length && char.IsLowSurrogate(text[cut]))
                cut--; // never split a surrogate pair
            return new TextCorpus(text[..cut], text[cut..], 1);
        }
        var documents = SplitDocuments(text, documentSeparator);
        var train = new StringBuilder();
        var validation = new StringBuilder();
        for (var i = 0; i < documents.Count; i++)
        {
            var part = i % ValidationEvery == ValidationEvery - 1 ? validation : train;
            part.Append(documents[i]).Append(documentSeparator).Append('\n');
        }
        return new TextCorpus(train.ToString(), validation.ToString(), documents.Count);
    }

    private static List<string> SplitDocuments(string text, string separator)
    {
        var documents = new List<string>();
        var current = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimEnd('\r') == separator)
            {
                // Blank space between separators is not a document.
                if (!string.IsNullOrWhiteSpace(current.ToString())) documents.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }
        // Split turns a final '\n' into an empty last line, which added one '\n' too many.
        var last = text.EndsWith('\n') ? current.ToString()[..^1] : current.ToString();
        if (!string.IsNullOrWhiteSpace(last)) documents.Add(last);
        return documents;
    }

    private static IEnumerable<string> Files(CorpusSource source)
    {
        if (File.Exists(source.Path))
            return [source.Path];
        if (!Directory.Exists(source.Path))
            throw new CorpusException(source.Path,
                $"Corpus '{source.Path}' does not exist (looked at '{System.IO.Path.GetFullPath(source.Path)}'); {source.InstallHint}.");
        var files = Directory.EnumerateFiles(source.Path)
            .Where(file => source.FilePattern switch
            {
                "*" => true,
                "noext" => !System.IO.Path.GetFileName(file).Contains('.'),
                var pattern => throw new CorpusException(source.Path,
                    $"Corpus file pattern '{pattern}' is not known; expected '*' or 'noext'."),
            })
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
            throw new CorpusException(source.Path, $"Corpus folder '{source.Path}' has no files matching '{source.FilePattern}'; {source.InstallHint}.");
        return files;
    }
}
