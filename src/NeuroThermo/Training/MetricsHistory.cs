namespace NeuroThermo.Training;

/// <summary>The records of a metrics file, in file order, and whether its last line was torn (and skipped).</summary>
/// <param name="Records">Every complete record.</param>
/// <param name="TornLastLine">True when the file ended in a line without its newline: the writer died in the
/// middle of it, and the line was left out.</param>
public sealed record MetricsHistory(IReadOnlyList<MetricRecord> Records, bool TornLastLine)
{
    /// <summary>A history with no records.</summary>
    public static MetricsHistory Empty { get; } = new([], false);

    /// <summary>Every metric name, in the order the names first appear.</summary>
    public IReadOnlyList<string> Names => Records.SelectMany(r => r.Values.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The steps and values of the records that hold <paramref name="name"/>.</summary>
    public (double[] Steps, double[] Values) Series(string name)
    {
        var holding = Records.Where(r => r.Values.ContainsKey(name)).ToList();
        return (holding.Select(r => (double)r.Step).ToArray(), holding.Select(r => r.Values[name]).ToArray());
    }

    /// <summary>The last record that holds <paramref name="name"/>, or null.</summary>
    public MetricRecord? Last(string name) => Records.LastOrDefault(r => r.Values.ContainsKey(name));
}
