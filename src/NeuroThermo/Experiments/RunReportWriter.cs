using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroThermo.Reports;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// Builds a run's <c>report.html</c> from what its directory holds: a plot of every numeric metric against
/// step (written to <c>plots/metric-&lt;name&gt;.svg</c>), the final value of each metric, the resolved config,
/// and every SVG in <c>plots/</c> and PNG in <c>images/</c>, referenced by relative paths.
/// </summary>
public static class RunReportWriter
{
    /// <summary>Prefix of the plot files made from metrics, keeping them apart from plots a runner writes itself.</summary>
    public const string MetricPlotPrefix = "metric-";

    /// <summary>A runner's own plain-text summary of its results in the run directory, shown in the report under "Results"
    /// (the derived numbers — fits, extrapolations, comparisons with exact values — that no metric plot shows).</summary>
    public const string SummaryFileName = "summary.txt";

    // A y range wider than this ratio reads better on a log axis (a loss falling over decades).
    private const double LogAxisRatio = 100;

    /// <summary>What <see cref="Write"/> produced.</summary>
    /// <param name="ReportFile">The report's full path.</param>
    /// <param name="Plots">How many plots the report shows.</param>
    /// <param name="Images">How many images the report shows.</param>
    /// <param name="TornMetricsLine">The metrics file ended in a torn line, which was left out.</param>
    public sealed record Summary(string ReportFile, int Plots, int Images, bool TornMetricsLine);

    /// <summary>Writes the metric plots and <c>report.html</c> of <paramref name="run"/> (atomically, each).</summary>
    /// <exception cref="IO.CorruptFileException">The metrics file has a malformed complete line.</exception>
    public static Summary Write(RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.CreateSubdirectories();
        var history = MetricsFile.Read(run.MetricsFile);
        foreach (string name in history.Names)
            WriteMetricPlot(history, name, Path.Combine(run.PlotsDirectory, $"{MetricPlotPrefix}{FileSafe(name)}.svg"));

        string configText = File.ReadAllText(run.ConfigFile);
        var report = new HtmlReport($"Run {Path.GetFileName(run.Path)}");
        report.Table(null, Overview(configText, history));
        if (history.TornLastLine)
            report.Paragraph("metrics.jsonl ends in an incomplete line (the run was killed while writing it); that line is left out.", isNote: true);

        string summaryFile = Path.Combine(run.Path, SummaryFileName);
        if (File.Exists(summaryFile))
        {
            report.Heading("Results");
            report.Preformatted(File.ReadAllText(summaryFile));
        }

        report.Heading("Final metrics");
        var names = history.Names;
        if (names.Count == 0)
            report.Paragraph("No metrics were logged.");
        else
            report.Table(["metric", "value", "at step"], names.Select(n => FinalRow(history, n)));

        var plots = FilesIn(run.PlotsDirectory, "*.svg");
        report.Heading("Plots");
        if (plots.Count == 0)
            report.Paragraph("No plots.");
        foreach (string plot in plots)
            report.Figure($"plots/{plot}", Path.GetFileNameWithoutExtension(plot));

        var images = FilesIn(run.ImagesDirectory, "*.png");
        if (images.Count > 0)
        {
            report.Heading("Images");
            foreach (string image in images)
                report.Figure($"images/{image}", Path.GetFileNameWithoutExtension(image), pixelArt: true);
        }

        report.Heading("Config");
        report.Preformatted(configText);
        report.Write(run.ReportFile);
        return new Summary(run.ReportFile, plots.Count, images.Count, history.TornLastLine);
    }

    private static void WriteMetricPlot(MetricsHistory history, string name, string path)
    {
        var (steps, values) = history.Series(name);
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
            return;
        bool logAxis = finite.Min() > 0 && finite.Max() / finite.Min() >= LogAxisRatio;
        new Plot(new PlotConfig { ShowLegend = false })
        {
            Title = name,
            XLabel = "step",
            YLabel = name,
            YScale = logAxis ? AxisScale.Log10 : AxisScale.Linear,
        }
            .Add(steps, values, name, steps.Length == 1 ? SeriesStyle.Markers : SeriesStyle.Line)
            .WriteSvg(path);
    }

    private static IEnumerable<IReadOnlyList<string>> Overview(string configText, MetricsHistory history)
    {
        var rows = new List<IReadOnlyList<string>>();
        try
        {
            using var config = JsonDocument.Parse(configText);
            foreach (string key in new[] { ConfigLoader.KindKey, ConfigLoader.NameKey, ConfigLoader.SeedKey })
            {
                if (config.RootElement.TryGetProperty(key, out var value))
                    rows.Add([key, value.ToString()]);
            }
        }
        catch (JsonException)
        {
            // The config is shown verbatim below; a report is still worth having without the summary.
        }
        rows.Add(["metric records", history.Records.Count.ToString(CultureInfo.InvariantCulture)]);
        if (history.Records.Count > 0)
            rows.Add(["last step", history.Records.Max(r => r.Step).ToString(CultureInfo.InvariantCulture)]);
        return rows;
    }

    private static IReadOnlyList<string> FinalRow(MetricsHistory history, string name)
    {
        var last = history.Last(name)!;
        return [name, last.Values[name].ToString("G6", CultureInfo.InvariantCulture), last.Step.ToString(CultureInfo.InvariantCulture)];
    }

    private static List<string> FilesIn(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, pattern).Select(Path.GetFileName).OfType<string>()
                .Where(f => !f.StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];

    // Metric names are free text; file names keep letters, digits, '.', '_' and '-'.
    private static string FileSafe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        return safe.ToString();
    }
}
