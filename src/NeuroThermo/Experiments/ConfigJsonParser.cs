using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NeuroThermo.Experiments;

/// <summary>
/// Parses config text (comments and trailing commas allowed) into a JSON tree, turning every syntax problem
/// into a <see cref="ConfigException"/> with a 1-based line and column. It also rejects what System.Text.Json
/// lets through but a config must not hold: duplicate keys, which would make one of two values silently win,
/// and nesting deeper than any config record reaches.
/// </summary>
internal static partial class ConfigJsonParser
{
    /// <summary>Deepest nesting of objects and arrays a config file may use; the top-level object is level 1.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // Above MaxDepth, so that the scan below reports depth with a path before the reader gives up.
        MaxDepth = MaxDepth + 8,
    };

    /// <summary>Options for re-reading text this parser has already accepted, or that the loader wrote itself
    /// by merging overrides (which may add a few levels of objects).</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 4 * MaxDepth,
    };

    /// <summary>The tree of <paramref name="text"/>, or null for the literal <c>null</c>.</summary>
    /// <param name="text">A whole config file, or the value part of an override.</param>
    /// <param name="source">Where the text came from, for errors.</param>
    /// <param name="rootPath">The JSON path of the text's top value, so errors inside an override's value name
    /// their place in the config.</param>
    /// <param name="columnOffset">Characters before the text on its first line (the <c>path=</c> of an
    /// override), so columns point into what the user typed.</param>
    public static JsonNode? Parse(string text, ConfigSource source, string rootPath = "$", int columnOffset = 0)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            Scan(utf8, source, rootPath);
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            int column = Column(utf8, e.LineNumber ?? 0, e.BytePositionInLine ?? 0) + (line == 1 ? columnOffset : 0);
            throw source.SyntaxError(line, column, Reason(e.Message));
        }
        return JsonNode.Parse(utf8, nodeOptions: null, DocumentOptions);
    }

    /// <summary>One pass with a reader that keeps the JSON path of the current token, for the checks that
    /// need it.</summary>
    private static void Scan(byte[] utf8, ConfigSource source, string rootPath)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var frames = new Stack<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var frame = frames.Peek();
                    frame.Key = null; // until decoded, errors point at the enclosing object
                    string key = ReadString(ref reader, source, PathOf(frames, rootPath));
                    frame.Key = key;
                    if (!frame.Keys!.Add(key))
                        throw source.Error(PathOf(frames, rootPath), $"duplicate key {ConfigText.Quote(key)}; each key may appear only once");
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    NextItem(frames);
                    // The path is cut after two levels: thirty "[0]"s would bury the message.
                    if (frames.Count >= MaxDepth)
                        throw source.Error(PathOf(frames, rootPath, maxLevels: 2),
                            $"arrays or objects nest more than {MaxDepth} levels deep below here, deeper than any experiment config");
                    frames.Push(new Frame(reader.TokenType == JsonTokenType.StartObject));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                case JsonTokenType.String:
                    NextItem(frames);
                    ReadString(ref reader, source, PathOf(frames, rootPath));
                    break;
                default:
                    NextItem(frames);
                    break;
            }
        }
    }

    // The reader accepts escapes such as a lone "\ud800" that cannot become a .NET string; decoding every
    // string here means later stages never meet one.
    private static string ReadString(ref Utf8JsonReader reader, ConfigSource source, string path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw source.Error(path, "expected valid text, got a string with a broken \\u escape (a lone surrogate)");
        }
    }

    private static void NextItem(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var parent) && !parent.IsObject)
            parent.Index++;
    }

    private static string PathOf(Stack<Frame> frames, string rootPath, int maxLevels = int.MaxValue)
    {
        string path = rootPath;
        foreach (var frame in frames.Reverse().Take(maxLevels))
        {
            if (frame.IsObject && frame.Key is not null)
                path = ConfigText.Child(path, frame.Key);
            else if (!frame.IsObject && frame.Index >= 0)
                path = ConfigText.Item(path, frame.Index);
        }
        return path;
    }

    /// <summary>1-based column in characters of a byte offset within line <paramref name="line"/> (0-based).</summary>
    private static int Column(byte[] utf8, long line, long bytePosition)
    {
        int start = 0;
        for (long l = 0; l < line && start < utf8.Length; l++)
        {
            int newline = Array.IndexOf(utf8, (byte)'\n', start);
            start = newline < 0 ? utf8.Length : newline + 1;
        }
        int length = (int)Math.Clamp(bytePosition, 0, utf8.Length - start);
        return Encoding.UTF8.GetCharCount(utf8, start, length) + 1;
    }

    /// <summary>The first sentence of System.Text.Json's message, without the position it appends (reported
    /// separately, 1-based), and never echoing more than a short piece of the user's text.</summary>
    private static string Reason(string message)
    {
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
            return "expected a JSON value, found none";
        if (message.Contains("open JSON object or array", StringComparison.Ordinal)
            || message.Contains("reached end of data", StringComparison.Ordinal))
            return "the text ends before every object, array, string or comment is closed";
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string reason = cut >= 0 ? message[..cut] : message;
        // This message quotes everything from the bad literal to the end of the text.
        var literal = InvalidLiteral().Match(reason);
        if (literal.Success)
            return $"expected the literal '{literal.Groups[2].Value}', found '{ConfigText.Shorten(literal.Groups[1].Value)}'";
        int sentenceEnd = reason.IndexOf(". ", StringComparison.Ordinal);
        if (sentenceEnd >= 0)
            reason = reason[..sentenceEnd];
        return ConfigText.Shorten(reason.TrimEnd('.', ' '), 160);
    }

    [GeneratedRegex(@"^'(.*)' is an invalid JSON literal\. Expected the literal '(\w+)'", RegexOptions.Singleline)]
    private static partial Regex InvalidLiteral();

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;
        public HashSet<string>? Keys { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;
        public string? Key { get; set; }
        public int Index { get; set; } = -1;
    }
}
