using NeuroThermo.Tests.Experiments;

namespace NeuroThermo.Cli.Tests.Process;

/// <summary>report.html, opened from disk in a headless browser with no network, shows its plots.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ReportScreenshotTests : IDisposable
{
    private const int Width = 1200;
    private const int Height = 900;

    /// <summary>The first series colour of every plot (<c>PlotPalette</c>'s blue, #0072B2).</summary>
    private static readonly (int R, int G, int B) SeriesBlue = (0x00, 0x72, 0xB2);

    /// <summary>How far a pixel may stray from the series colour per channel and still count (anti-aliasing).</summary>
    private const int ColourTolerance = 24;

    /// <summary>A 1.8 px loss curve across a 480 px wide plot covers far more pixels than this.</summary>
    private const int MinimumCurvePixels = 400;

    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [ChromiumFact]
    public async Task Report_RenderedHeadless_IsNotBlankAndShowsThePlot()
    {
        string config = dir.Write("shown.json", """{"kind": "smoke.mlp", "steps": 60, "logEvery": 1}""");
        var run = await CliHost.RunAsync(["run", config, "--out", Path.Combine(dir.Path, "runs")]);
        Assert.True(run.ExitCode == 0, run.ToString());
        string report = Directory.GetFiles(Path.Combine(dir.Path, "runs"), "report.html", SearchOption.AllDirectories).Single();
        string png = Path.Combine(dir.Path, "report.png");

        Chromium.Screenshot(report, png, Width, Height);

        var shot = ScreenshotPng.Read(png);
        Assert.Equal((Width, Height), (shot.Width, shot.Height));
        var colours = new HashSet<int>();
        int curve = 0;
        for (int y = 0; y < shot.Height; y++)
        {
            for (int x = 0; x < shot.Width; x++)
            {
                var (r, g, b) = shot[x, y];
                colours.Add(r << 16 | g << 8 | b);
                if (Math.Abs(r - SeriesBlue.R) <= ColourTolerance && Math.Abs(g - SeriesBlue.G) <= ColourTolerance && Math.Abs(b - SeriesBlue.B) <= ColourTolerance)
                    curve++;
            }
        }
        Assert.True(colours.Count > 16, $"the screenshot has only {colours.Count} colours: blank");
        Assert.True(curve >= MinimumCurvePixels, $"only {curve} pixels have the series colour: the plot is not shown");
    }
}
