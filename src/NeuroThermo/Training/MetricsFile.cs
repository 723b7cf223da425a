using System.Text.Json;
using NeuroThermo.IO;

namespace NeuroThermo.Training;

/// <summary>
/// Reads metrics files written by <see cref="MetricsLog"/>, and trims them when a run resumes from an
/// earlier step than it had logged.
/// </summary>
public static class MetricsFile
{
    /// <summary>
    /// Reads every complete record of <paramref name="path"/>; a missing file reads as no records. A final
    /// line without its newline is what a killed writer leaves: it is skipped and reported in
    /// <see cref="MetricsHistory.TornLastLine"/>, never parsed.
    /// </summary>
    /// <exception cref="CorruptFileException">A complete line is not a metrics record.</exception>
    public static MetricsHistory Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            return MetricsHistory.Empty;
        byte[] bytes = File.ReadAllBytes(path);
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        bool torn = end < bytes.Length;
        var records = new List<MetricRecord>();
        int lineNumber = 0;
        for (int start = 0; start < end;)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', start);
            lineNumber++;
            var line = new ReadOnlySpan<byte>(bytes, start, newline - start);
            start = newline + 1;
            if (line.Trim(" \t\r"u8).IsEmpty)
                continue;
            records.Add(Parse(line, path, lineNumber));
        }
        return new MetricsHistory(records, torn);
    }

    /// <summary>
    /// Rewrites <paramref name="path"/> (atomically) to hold only the records up to and including
    /// <paramref name="lastStep"/>, dropping a torn last line too; a resumed run then continues the log
    /// where its checkpoint stands. Returns the number of complete records dropped.
    /// </summary>
    /// <exception cref="CorruptFileException">A complete line is not a metrics record.</exception>
    public static int KeepThrough(string path, long lastStep)
    {
        var history = Read(path);
        var kept = history.Records.Where(r => r.Step <= lastStep).ToList();
        int dropped = history.Records.Count - kept.Count;
        if (dropped > 0 || history.TornLastLine)
            AtomicFile.WriteAllText(path, MetricsLog.Format(kept));
        return dropped;
    }

    private static MetricRecord Parse(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        string Problem(string what) => $"has a malformed line {lineNumber}: {what}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            throw new CorruptFileException(path, Problem($"not JSON ({e.Message.TrimEnd('.')})"), e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CorruptFileException(path, Problem($"expected a JSON object, got {root.ValueKind}"));
            if (!root.TryGetProperty(MetricsLog.StepKey, out var stepValue) || !stepValue.TryGetInt64(out long step))
                throw new CorruptFileException(path, Problem($"expected an integer \"{MetricsLog.StepKey}\""));
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals(MetricsLog.StepKey))
                    continue;
                // Only numbers are metrics; null is a value that was not finite. Other kinds are notes, not plotted.
                if (property.Value.ValueKind == JsonValueKind.Number)
                {
                    values[property.Name] = property.Value.TryGetDouble(out double value)
                        ? value
                        : throw new CorruptFileException(path, Problem($"\"{property.Name}\" is beyond the range of a double"));
                }
                else if (property.Value.ValueKind == JsonValueKind.Null)
                    values[property.Name] = double.NaN;
            }
            return new MetricRecord(step, values);
        }
    }
}
