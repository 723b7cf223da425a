using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroThermo.Experiments;

/// <summary>
/// Writes a config with every field spelled out, defaults included, as indented JSON that the loader reads
/// back to an equal config. This is the record of what a run actually used.
/// </summary>
internal static class ResolvedConfigWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // The file is read by people and by the loader, never embedded in HTML, so paths and text with
        // non-ASCII letters stay readable instead of becoming \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(string kind, string runName, long seed, object config, RecordShape shape)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteString(ConfigLoader.KindKey, kind);
            writer.WriteString(ConfigLoader.NameKey, runName);
            writer.WriteNumber(ConfigLoader.SeedKey, seed);
            WriteFields(writer, config, shape);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteFields(Utf8JsonWriter writer, object record, RecordShape shape)
    {
        foreach (var field in shape.Fields)
        {
            writer.WritePropertyName(field.JsonName);
            WriteValue(writer, field.Property.GetValue(record), field.Value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, ValueShape shape)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                // Utf8JsonWriter writes the shortest text that parses back to the same double.
                writer.WriteNumberValue(d);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case Enum e:
                writer.WriteStringValue(shape.EnumMembers!.FirstOrDefault(m => m.Value.Equals(e)).Key
                    ?? throw new InvalidOperationException($"{e.GetType().Name} value {e} has no member name to write."));
                break;
            case IEnumerable items when shape.Kind == ValueKind.Array:
                writer.WriteStartArray();
                foreach (object? item in items)
                    WriteValue(writer, item, shape.Element!);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                WriteFields(writer, value, shape.Record!);
                writer.WriteEndObject();
                break;
        }
    }
}
