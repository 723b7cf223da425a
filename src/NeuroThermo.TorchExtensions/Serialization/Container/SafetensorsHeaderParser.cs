using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// Turns the header's JSON bytes into validated entries. Every rule of the format is checked here, so a
/// caller may allocate <see cref="SafetensorsEntry.ByteLength"/> bytes knowing the file really holds them.
/// </summary>
internal static class SafetensorsHeaderParser
{
    public const string MetadataKey = "__metadata__";
    private const string DTypeField = "dtype";
    private const string ShapeField = "shape";
    private const string OffsetsField = "data_offsets";
    private const string HeaderField = "header JSON";

    /// <summary>Longest name or raw JSON value quoted in a message, so a hostile file cannot flood the log.</summary>
    private const int MaxQuotedChars = 64;

    public static (List<SafetensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(
        byte[] json, long dataLength, string path)
    {
        // System.Text.Json only checks UTF-8 inside the strings it decodes; the format requires all of it.
        if (!Utf8.IsValid(json))
        {
            throw new SafetensorsFormatException(path, HeaderField, "must be valid UTF-8 text, but is not");
        }
        using JsonDocument document = ParseJson(json, path);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, HeaderField,
                $"must be an object mapping tensor names to entries, but is {Describe(root.ValueKind)}");
        }

        var entries = new List<SafetensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!seenNames.Add(property.Name))
            {
                string what = property.Name == MetadataKey ? $"field \"{MetadataKey}\"" : $"tensor {Quote(property.Name)}";
                throw new SafetensorsFormatException(path, what, "must appear only once in the header, but appears twice");
            }
            if (property.Name == MetadataKey)
            {
                ParseMetadata(property.Value, metadata, path);
            }
            else
            {
                entries.Add(ParseEntry(property.Name, property.Value, dataLength, path));
            }
        }

        // OrderBy is stable: zero-length entries sharing a position keep their header order.
        List<SafetensorsEntry> inFileOrder = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        CheckCoverage(inFileOrder, dataLength, path);
        return (inFileOrder, metadata);
    }

    private static JsonDocument ParseJson(byte[] json, string path)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            long line = (exception.LineNumber ?? 0) + 1;
            long column = (exception.BytePositionInLine ?? 0) + 1;
            throw new SafetensorsFormatException(path, HeaderField,
                $"must be well-formed JSON, but parsing fails at line {line}, byte {column}", exception);
        }
    }

    private static void ParseMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        string field = $"field \"{MetadataKey}\"";
        // The reference implementation reads this field as an optional map, so it accepts null as "no metadata".
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, field,
                $"must be an object mapping strings to strings, but is {Describe(value.ValueKind)}");
        }
        foreach (JsonProperty item in value.EnumerateObject())
        {
            string keyField = $"{field} key {Quote(item.Name)}";
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException(path, keyField,
                    $"must map to a string, but maps to {Describe(item.Value.ValueKind)}");
            }
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new SafetensorsFormatException(path, keyField, "must appear only once, but appears twice");
            }
        }
    }

    private static SafetensorsEntry ParseEntry(string name, JsonElement value, long dataLength, string path)
    {
        string tensor = $"tensor {Quote(name)}";
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException(path, tensor,
                $"must be an object with fields \"{DTypeField}\", \"{ShapeField}\" and \"{OffsetsField}\", " +
                $"but is {Describe(value.ValueKind)}");
        }

        JsonElement? dtypeValue = null, shapeValue = null, offsetsValue = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case DTypeField: dtypeValue = SetOnce(dtypeValue, field, tensor, path); break;
                case ShapeField: shapeValue = SetOnce(shapeValue, field, tensor, path); break;
                case OffsetsField: offsetsValue = SetOnce(offsetsValue, field, tensor, path); break;
                default:
                    throw new SafetensorsFormatException(path, $"{tensor} field {Quote(field.Name)}",
                        $"is not allowed; an entry has exactly the fields \"{DTypeField}\", \"{ShapeField}\" and \"{OffsetsField}\"");
            }
        }

        SafetensorsDType dtype = ParseDType(Required(dtypeValue, tensor, DTypeField, path), tensor, path);
        long[] shape = ParseIntegers(Required(shapeValue, tensor, ShapeField, path), tensor, ShapeField, path);
        long[] offsets = ParseIntegers(Required(offsetsValue, tensor, OffsetsField, path), tensor, OffsetsField, path);
        return CheckedEntry(name, dtype, shape, offsets, dataLength, path);
    }

    private static SafetensorsEntry CheckedEntry(
        string name, SafetensorsDType dtype, long[] shape, long[] offsets, long dataLength, string path)
    {
        string tensor = $"tensor {Quote(name)}";
        string offsetsField = $"{tensor} field \"{OffsetsField}\"";
        if (offsets.Length != 2)
        {
            throw new SafetensorsFormatException(path, offsetsField,
                $"must hold exactly two integers [begin, end], but holds {offsets.Length}");
        }
        long begin = offsets[0], end = offsets[1];
        if (begin > end)
        {
            throw new SafetensorsFormatException(path, offsetsField, $"must satisfy begin <= end, but is [{begin}, {end}]");
        }

        long elementCount, byteLength;
        try
        {
            elementCount = SafetensorsEntryMath.ElementCount(shape);
            byteLength = checked(elementCount * dtype.ElementSize());
        }
        catch (OverflowException exception)
        {
            throw new SafetensorsFormatException(path, $"{tensor} field \"{ShapeField}\"",
                $"must describe fewer than 2^63 bytes, but its element count overflows a 64-bit integer", exception);
        }
        if (end - begin != byteLength)
        {
            throw new SafetensorsFormatException(path, offsetsField,
                $"must span {byteLength} bytes ({elementCount} elements of {dtype.ToFormatName()} at " +
                $"{dtype.ElementSize()} bytes each), but [{begin}, {end}] spans {end - begin}");
        }
        if (end > dataLength)
        {
            throw new SafetensorsFormatException(path, offsetsField,
                $"must end within the data section of {dataLength} bytes, but ends at {end}, so the file is truncated " +
                "or the offsets are wrong");
        }
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    /// <summary>
    /// The format requires the data section to be covered exactly: entries, sorted by position, must start
    /// at 0, each begin where the previous one ends, and the last must end where the file ends.
    /// </summary>
    private static void CheckCoverage(List<SafetensorsEntry> inFileOrder, long dataLength, string path)
    {
        long covered = 0;
        SafetensorsEntry? previous = null;
        foreach (SafetensorsEntry entry in inFileOrder)
        {
            string offsetsField = $"tensor {Quote(entry.Name)} field \"{OffsetsField}\"";
            if (entry.Begin < covered)
            {
                throw new SafetensorsFormatException(path, offsetsField,
                    $"must not overlap another tensor, but [{entry.Begin}, {entry.End}] overlaps tensor " +
                    $"{Quote(previous!.Name)} at [{previous.Begin}, {previous.End}]");
            }
            if (entry.Begin > covered)
            {
                string before = previous is null ? "the data section starts at 0" : $"tensor {Quote(previous.Name)} ends at {covered}";
                throw new SafetensorsFormatException(path, offsetsField,
                    $"must leave no gap in the data section, but begins at {entry.Begin} while {before}");
            }
            covered = entry.End;
            previous = entry;
        }
        if (covered != dataLength)
        {
            throw new SafetensorsFormatException(path, "data section",
                $"must be covered exactly by the tensors' \"{OffsetsField}\", but holds {dataLength} bytes of which " +
                $"the tensors cover only {covered}");
        }
    }

    private static JsonElement SetOnce(JsonElement? current, JsonProperty field, string tensor, string path) =>
        current is null
            ? field.Value
            : throw new SafetensorsFormatException(path, $"{tensor} field \"{field.Name}\"", "must appear only once, but appears twice");

    private static JsonElement Required(JsonElement? value, string tensor, string field, string path) =>
        value ?? throw new SafetensorsFormatException(path, $"{tensor} field \"{field}\"", "is required but missing");

    private static SafetensorsDType ParseDType(JsonElement value, string tensor, string path)
    {
        string field = $"{tensor} field \"{DTypeField}\"";
        string names = string.Join(", ", SafetensorsDTypeExtensions.All.Select(d => d.ToFormatName()));
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsFormatException(path, field, $"must be a string naming one of {names}, but is {Describe(value.ValueKind)}");
        }
        string text = value.GetString()!;
        if (!SafetensorsDTypeExtensions.TryParse(text, out SafetensorsDType dtype))
        {
            throw new SafetensorsFormatException(path, field, $"must be one of {names}, but is {Quote(text)}");
        }
        return dtype;
    }

    /// <summary>Reads a JSON array of non-negative 64-bit integers ("shape" or "data_offsets").</summary>
    private static long[] ParseIntegers(JsonElement value, string tensor, string fieldName, string path)
    {
        string field = $"{tensor} field \"{fieldName}\"";
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsFormatException(path, field,
                $"must be an array of non-negative integers, but is {Describe(value.ValueKind)}");
        }
        var result = new long[value.GetArrayLength()];
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            // TryGetInt64 rejects fractions and exponents ("2.0", "1e3"), as an integer field should.
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long number) || number < 0)
            {
                throw new SafetensorsFormatException(path, field,
                    $"must hold only non-negative 64-bit integers, but element {index} is {QuoteRaw(item)}");
            }
            result[index++] = number;
        }
        return result;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string QuoteRaw(JsonElement item) => Truncate(item.GetRawText());

    /// <summary>A name as it appears in messages: double-quoted, control characters escaped, long names cut.</summary>
    internal static string Quote(string text) => "\"" + Truncate(text) + "\"";

    private static string Truncate(string text)
    {
        var builder = new StringBuilder();
        foreach (char c in text.Length > MaxQuotedChars ? text[..MaxQuotedChars] : text)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }
        if (text.Length > MaxQuotedChars)
        {
            builder.Append("...");
        }
        return builder.ToString();
    }
}
