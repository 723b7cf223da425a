using System.Text;
using System.Text.Json;

namespace NeuroThermo.Training;

/// <summary>
/// Appends metric records to a JSON Lines file (<c>metrics.jsonl</c>): one object per line, such as
/// <c>{"step":200,"loss":0.0123}</c>, with <c>step</c> first.
/// </summary>
/// <remarks>
/// Each line, newline included, goes to the file in one unbuffered write, so readers see it at once and a
/// process killed at any moment leaves only whole lines, except at worst a torn last line without its
/// newline, which <see cref="MetricsFile.Read"/> reports and skips. The log keeps the file open while it
/// lives; it does not fsync, as a kill cannot lose data the kernel already holds.
/// </remarks>
public sealed class MetricsLog : IDisposable
{
    /// <summary>The key holding the step in every record.</summary>
    public const string StepKey = "step";

    private readonly FileStream stream;
    private readonly Lock gate = new();

    private MetricsLog(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        // bufferSize 0: every Write is one write(2) of the whole line, straight to the file.
        stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    /// <summary>The log file's full path.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> for appending, creating it if missing.</summary>
    public static MetricsLog Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new MetricsLog(path);
    }

    /// <summary>Appends one record. Names must be non-empty, distinct and not <c>step</c>.</summary>
    public void Write(long step, params ReadOnlySpan<(string Name, double Value)> values)
    {
        byte[] line = FormatLine(step, values);
        lock (gate)
        {
            stream.Write(line);
        }
    }

    /// <summary>The bytes of one record's line, newline included.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or <c>step</c>.</exception>
    public static byte[] FormatLine(long step, ReadOnlySpan<(string Name, double Value)> values)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { StepKey };
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber(StepKey, step);
            foreach (var (name, value) in values)
            {
                if (string.IsNullOrEmpty(name) || !names.Add(name))
                    throw new ArgumentException($"Metric name '{name}' is empty, repeated or the reserved '{StepKey}'.", nameof(values));
                // JSON has no NaN or infinity; null keeps the record valid and reads back as NaN.
                if (double.IsFinite(value))
                    writer.WriteNumber(name, value);
                else
                    writer.WriteNull(name);
            }
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The text of <paramref name="records"/> as lines of a metrics file.</summary>
    public static string Format(IEnumerable<MetricRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder();
        foreach (var record in records)
        {
            var values = record.Values.Select(v => (v.Key, v.Value)).ToArray();
            text.Append(Encoding.UTF8.GetString(FormatLine(record.Step, values)));
        }
        return text.ToString();
    }

    /// <inheritdoc/>
    public void Dispose() => stream.Dispose();
}
