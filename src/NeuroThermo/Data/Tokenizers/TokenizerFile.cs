using System.Text;
using System.Text.Json;
using NeuroThermo.IO;

namespace NeuroThermo.Data.Tokenizers;

/// <summary>
/// Tokenizers as JSON. A character tokenizer is
/// <c>{"kind":"char","unknown":"error"|"token","characters":[code points]}</c>; a byte-pair tokenizer is
/// <c>{"kind":"byte-bpe","merges":[[left,right],…]}</c> with the merges in rank order. Files are written
/// atomically; a malformed file is a <see cref="CorruptFileException"/> naming what is wrong.
/// </summary>
public static class TokenizerFile
{
    private const string CharKind = "char";
    private const string BytePairKind = "byte-bpe";

    /// <summary>Reads a tokenizer written by <see cref="ITokenizer.Save"/>.</summary>
    public static ITokenizer Load(string path)
    {
        if (!File.Exists(path))
            throw new CorruptFileException(path, "does not exist; train a tokenizer and save it there first");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var kind = Require(root, "kind", JsonValueKind.String, path).GetString();
            return kind switch
            {
                CharKind => LoadChar(root, path),
                BytePairKind => LoadBytePair(root, path),
                _ => throw new CorruptFileException(path, $"has kind '{kind}', expected '{CharKind}' or '{BytePairKind}'"),
            };
        }
        catch (JsonException e)
        {
            throw new CorruptFileException(path, $"is not valid JSON ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            throw new CorruptFileException(path, $"does not describe a valid tokenizer ({e.Message})", e);
        }
    }

    /// <summary>The JSON bytes <see cref="ITokenizer.Save"/> writes; equal tokenizers give equal bytes.</summary>
    public static byte[] ToJson(ITokenizer tokenizer) => tokenizer switch
    {
        CharTokenizer c => Serialize(writer => WriteChar(c, writer)),
        BytePairTokenizer b => Serialize(writer => WriteBytePair(b, writer)),
        _ => throw new ArgumentException($"{tokenizer.GetType().Name} has no JSON form.", nameof(tokenizer)),
    };

    internal static void Save(ITokenizer tokenizer, string path) => AtomicFile.WriteAllBytes(path, ToJson(tokenizer));

    private static void WriteChar(CharTokenizer tokenizer, Utf8JsonWriter writer)
    {
        writer.WriteString("kind", CharKind);
        writer.WriteString("unknown", tokenizer.Unknown == UnknownCharacterPolicy.Error ? "error" : "token");
        writer.WriteStartArray("characters");
        foreach (var rune in tokenizer.Characters)
            writer.WriteNumberValue(rune.Value);
        writer.WriteEndArray();
    }

    private static void WriteBytePair(BytePairTokenizer tokenizer, Utf8JsonWriter writer)
    {
        writer.WriteString("kind", BytePairKind);
        writer.WriteStartArray("merges");
        foreach (var (left, right) in tokenizer.Merges)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(left);
            writer.WriteNumberValue(right);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private static byte[] Serialize(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static CharTokenizer LoadChar(JsonElement root, string path)
    {
        var unknown = Require(root, "unknown", JsonValueKind.String, path).GetString() switch
        {
            "error" => UnknownCharacterPolicy.Error,
            "token" => UnknownCharacterPolicy.UnknownToken,
            var other => throw new CorruptFileException(path, $"has unknown '{other}', expected 'error' or 'token'"),
        };
        var characters = Require(root, "characters", JsonValueKind.Array, path).EnumerateArray()
            .Select(element => element.TryGetInt32(out var value) && Rune.IsValid(value)
                ? new Rune(value)
                : throw new CorruptFileException(path, $"has characters entry {element} that is not a Unicode scalar value"))
            .ToArray();
        return new CharTokenizer(characters, unknown);
    }

    private static BytePairTokenizer LoadBytePair(JsonElement root, string path)
    {
        var merges = Require(root, "merges", JsonValueKind.Array, path).EnumerateArray()
            .Select(element => element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 2
                && element[0].TryGetInt32(out var left) && element[1].TryGetInt32(out var right)
                ? (left, right)
                : throw new CorruptFileException(path, $"has merges entry {element} that is not a pair of integers"))
            .ToArray();
        return new BytePairTokenizer(merges);
    }

    private static JsonElement Require(JsonElement root, string name, JsonValueKind kind, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new CorruptFileException(path, "does not hold a JSON object");
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != kind)
            throw new CorruptFileException(path, $"has no field '{name}' of JSON type {kind.ToString().ToLowerInvariant()}");
        return value;
    }
}
