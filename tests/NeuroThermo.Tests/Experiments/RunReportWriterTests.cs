using System.Xml.Linq;
using NeuroThermo.Experiments;
using NeuroThermo.Reports;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class RunReportWriterTests : IDisposable
{
    private readonly TestRun run = new();

    public RunReportWriterTests() =>
        File.WriteAllText(run.Directory.ConfigFile, "{\n  \"kind\": \"smoke.mlp\",\n  \"name\": \"a<b>\",\n  \"seed\": 3\n}\n");

    public void Dispose() => run.Dispose();

    private string Html => File.ReadAllText(run.Directory.ReportFile);

    [Fact]
    public void Report_ShowsConfigFinalMetricsAndAPlotPerMetric()
    {
        using (var log = MetricsLog.Open(run.Directory.MetricsFile))
        {
            for (int step = 1; step <= 5; step++)
                log.Write(step, ("loss", 1.0 / step), ("grad norm", step));
            log.Write(5, ("eval/accuracy", 0.75));
        }

        var summary = RunReportWriter.Write(run.Directory);

        Assert.Equal(3, summary.Plots);
        foreach (string plot in new[] { "metric-loss.svg", "metric-grad_norm.svg", "metric-eval_accuracy.svg" })
        {
            XDocument.Load(Path.Combine(run.Directory.PlotsDirectory, plot)); // parses as XML
            Assert.Contains($"src=\"plots/{plot}\"", Html);
        }
        Assert.Contains("<td>loss</td><td class=\"number\">0.2</td><td class=\"number\">5</td>", Html);
        Assert.Contains("&quot;name&quot;: &quot;a&lt;b&gt;&quot;", Html); // the config, escaped
    }

    [Fact]
    public void Report_NeedsNoNetwork_AndReferencesFilesRelatively()
    {
        PngEncoder.Write(Path.Combine(run.Directory.ImagesDirectory, "filters.png"), new GrayImage(2, 2, [0, 255, 255, 0]));
        File.WriteAllText(Path.Combine(run.Directory.PlotsDirectory, "phase diagram.svg"), new Plot().AddLine([0.0, 1], [1.0, 0], "m").ToSvg());

        var summary = RunReportWriter.Write(run.Directory);

        Assert.Equal((1, 1), (summary.Plots, summary.Images));
        Assert.Contains("src=\"images/filters.png\"", Html);
        Assert.Contains("src=\"plots/phase%20diagram.svg\"", Html);
        Assert.DoesNotContain("http:", Html);
        Assert.DoesNotContain("https:", Html);
        Assert.DoesNotContain("<script", Html);
        Assert.Contains("No metrics were logged.", Html);
    }

    [Fact]
    public void Report_OfAKilledRun_NotesTheTornMetricsLine()
    {
        File.WriteAllText(run.Directory.MetricsFile, "{\"step\":1,\"loss\":1}\n{\"step\":2,\"lo");
        Assert.True(RunReportWriter.Write(run.Directory).TornMetricsLine);
        Assert.Contains("incomplete line", Html);
    }

    [Fact]
    public void Report_UsesALogAxisForAMetricFallingOverDecades()
    {
        using (var log = MetricsLog.Open(run.Directory.MetricsFile))
        {
            log.Write(1, ("loss", 10), ("flat", 1));
            log.Write(2, ("loss", 0.01), ("flat", 2));
        }
        RunReportWriter.Write(run.Directory);
        Assert.Contains("class=\"exponent\"", File.ReadAllText(Path.Combine(run.Directory.PlotsDirectory, "metric-loss.svg")));
        Assert.DoesNotContain("class=\"exponent\"", File.ReadAllText(Path.Combine(run.Directory.PlotsDirectory, "metric-flat.svg")));
    }
}
