using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NeuroThermo.Reports;

namespace NeuroThermo.Tests.Reports;

public sealed partial class PlotSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Coordinates are written with two decimals, so pixel lengths carry up to ±0.01 px of rounding.</summary>
    private const double PixelTol = 0.011;

    private const char Minus = '\u2212';

    private static readonly double[] Temperatures = [1.0, 1.5, 2.0, 2.5, 3.0];

    private static XDocument Parse(Plot plot) => XDocument.Parse(plot.ToSvg());

    private static IEnumerable<XElement> WithClass(XDocument svg, string cssClass) =>
        svg.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(cssClass) == true);

    private static string[] Numbers(string d) =>
        NumberPattern().Matches(d).Select(m => m.Value).ToArray();

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex NumberPattern();

    [Fact]
    public void ToSvg_LinesAndScatter_HasOnePathPerLineAndOneMarkerPerPoint()
    {
        var plot = new Plot { Title = "Ising magnetisation", XLabel = "T", YLabel = "|m|" }
            .AddLine(Temperatures, [1, 0.98, 0.9, 0.2, 0.1], "L = 16")
            .AddLine(Temperatures, [1, 0.99, 0.92, 0.1, 0.05], "L = 32")
            .AddScatter(Temperatures, [0.99, 0.97, 0.88, 0.3, 0.12], "MCMC");

        var svg = Parse(plot);

        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Equal(2, WithClass(svg, "series-line").Count());
        Assert.Equal(Temperatures.Length, WithClass(svg, "marker").Count());
        Assert.Equal(3, WithClass(svg, "legend-entry").Count());
        Assert.Equal(["L = 16", "L = 32", "MCMC"], WithClass(svg, "legend-label").Select(e => e.Value));
        Assert.Equal("Ising magnetisation", WithClass(svg, "title").Single().Value);
        Assert.Equal(["T", "|m|"], WithClass(svg, "axis-label").Select(e => e.Value));
    }

    [Fact]
    public void ToSvg_SeriesColours_FollowPalette()
    {
        var plot = new Plot()
            .AddLine(Temperatures, [1, 2, 3, 4, 5], "a")
            .AddLine(Temperatures, [5, 4, 3, 2, 1], "b");

        var strokes = WithClass(Parse(plot), "series-line").Select(e => (string?)e.Attribute("stroke"));

        Assert.Equal([PlotPalette.Colours[0], PlotPalette.Colours[1]], strokes);
    }

    [Fact]
    public void ToSvg_SpecialCharactersInText_AreEscapedAndRoundTrip()
    {
        const string Title = "<E> & \"χ\" for 'L < 8'";
        const string Label = "a&b <c>";
        var plot = new Plot { Title = Title, XLabel = "β < β_c", YLabel = "\"quoted\"" }
            .AddScatter([1.0], [2.0], Label);

        string text = plot.ToSvg();
        var svg = XDocument.Parse(text);

        Assert.Equal(Title, WithClass(svg, "title").Single().Value);
        Assert.Equal(Label, WithClass(svg, "legend-label").Single().Value);
        Assert.Equal(Label, (string?)WithClass(svg, "series").Single().Attribute("data-label"));
        Assert.Equal(["β < β_c", "\"quoted\""], WithClass(svg, "axis-label").Select(e => e.Value));
        Assert.DoesNotContain("<E>", text);
    }

    [Fact]
    public void ToSvg_NonFinitePoints_AreSkippedAndBreakTheLine()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        double[] y = [1, 2, double.NaN, 4, double.PositiveInfinity, 6];
        var plot = new Plot().Add(x, y, "gappy", SeriesStyle.LineAndMarkers);

        var svg = Parse(plot);
        string d = (string)WithClass(svg, "series-line").Single().Attribute("d")!;

        // Runs: {1, 2}, {4}, {6} — three move-to commands, one line-to.
        Assert.Equal(3, d.Count(c => c == 'M'));
        Assert.Equal(1, d.Count(c => c == 'L'));
        Assert.Equal(4, WithClass(svg, "marker").Count());
    }

    [Fact]
    public void ToSvg_LogYAxis_LabelsDecades()
    {
        var plot = new Plot { YScale = AxisScale.Log10 }
            .AddScatter(Temperatures, [2e-3, 1e-2, 0.5, 3, 50], "χ");

        var labels = WithClass(Parse(plot), "tick-label").Where(e => ((string)e.Attribute("class")!).Contains(" y")).ToList();

        Assert.Equal(
            new[] { -3, -2, -1, 0, 1, 2 }.Select(k => k.ToString(CultureInfo.InvariantCulture).Replace('-', Minus)),
            labels.Select(e => e.Elements(Svg + "tspan").Single().Value));
        Assert.All(labels, e => Assert.StartsWith("10", e.Value));
        Assert.Equal(
            new[] { 1e-3, 1e-2, 1e-1, 1, 1e1, 1e2 },
            labels.Select(e => double.Parse((string)e.Attribute("data-value")!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ToSvg_LogXLinearY_ScalesAxesIndependently()
    {
        var plot = new Plot { XScale = AxisScale.Log10 }
            .AddLine([10, 100, 1000], [0.1, 0.5, 0.9], "decay");

        var svg = Parse(plot);
        var xLabels = WithClass(svg, "tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" x")).ToList();
        var yLabels = WithClass(svg, "tick-label").Where(e => ((string)e.Attribute("class")!).EndsWith(" y")).ToList();

        Assert.Equal(["1", "2", "3"], xLabels.Select(e => e.Elements(Svg + "tspan").Single().Value));
        Assert.All(yLabels, e => Assert.Empty(e.Elements(Svg + "tspan")));
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1"], yLabels.Select(e => e.Value));
        // On the log axis 10, 100, 1000 are equally spaced.
        var n = Numbers((string)WithClass(svg, "series-line").Single().Attribute("d")!).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(n[2] - n[0], n[4] - n[2], PixelTol);
    }

    [Theory]
    [InlineData(AxisScale.Log10, AxisScale.Linear, "x")]
    [InlineData(AxisScale.Linear, AxisScale.Log10, "y")]
    public void Add_NonPositiveValueOnLogAxis_ThrowsClearArgumentException(AxisScale xScale, AxisScale yScale, string axis)
    {
        var plot = new Plot { XScale = xScale, YScale = yScale };

        var error = Assert.Throws<ArgumentException>(() => plot.AddLine([1, 0, 2], [1, 0, 2], "bad series"));

        Assert.Equal(axis, error.ParamName);
        Assert.Contains("bad series", error.Message);
        Assert.Contains($"{axis}[1]", error.Message);
        Assert.Contains("logarithmic", error.Message);
    }

    [Fact]
    public void Add_NaNOnLogAxis_IsSkippedNotRejected()
    {
        var plot = new Plot { YScale = AxisScale.Log10 }.AddScatter([1, 2], [double.NaN, 3], "partial");

        Assert.Single(WithClass(Parse(plot), "marker"));
    }

    [Fact]
    public void ToSvg_ErrorBars_OnePerPositiveFiniteErrorWithProportionalLength()
    {
        double[] errors = [0.1, 0.2, double.NaN, 0, 0.4];
        var plot = new Plot().AddScatter(Temperatures, [1, 1, 1, 1, 1], "with errors", errors);

        var bars = WithClass(Parse(plot), "error-bar").ToList();

        Assert.Equal(3, bars.Count);
        // Each bar is "M x bottom V top ..." so its length is bottom − top; lengths scale like the errors.
        double[] lengths = bars.Select(b =>
        {
            var n = Numbers((string)b.Attribute("d")!).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            return n[1] - n[2];
        }).ToArray();
        Assert.Equal(2 * lengths[0], lengths[1], 2 * PixelTol);
        Assert.Equal(4 * lengths[0], lengths[2], 4 * PixelTol);
    }

    [Fact]
    public void ToSvg_ErrorBars_WidenTheAxisToContainThem()
    {
        var plot = new Plot().AddScatter([0.0, 1.0], [1.0, 1.0], "wide", [3.0, 0.5]);

        var yValues = WithClass(Parse(plot), "tick-label")
            .Where(e => ((string)e.Attribute("class")!).EndsWith(" y"))
            .Select(e => double.Parse((string)e.Attribute("data-value")!, CultureInfo.InvariantCulture))
            .ToList();

        Assert.True(yValues.Min() <= -2 && yValues.Max() >= 4, $"y axis [{yValues.Min()}, {yValues.Max()}] does not contain 1 ± 3");
    }

    [Fact]
    public void Add_BadErrors_ThrowNamingParameter()
    {
        var plot = new Plot();

        Assert.Equal("yError", Assert.Throws<ArgumentOutOfRangeException>(() => plot.AddScatter([1, 2], [1, 2], "s", [0.1, -0.1])).ParamName);
        Assert.Equal("yError", Assert.Throws<ArgumentOutOfRangeException>(() => plot.AddScatter([1, 2], [1, 2], "s", [0.1])).ParamName);
        Assert.Equal("yError", Assert.Throws<ArgumentOutOfRangeException>(() => plot.AddScatter([1, 2], [1, 2], "s", [0.1, double.PositiveInfinity])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentOutOfRangeException>(() => plot.AddLine([1, 2], [1], "s")).ParamName);
        Assert.Equal(0, plot.SeriesCount);
    }

    [Fact]
    public void ToSvg_NoSeries_StillDrawsAxesWithoutLegend()
    {
        var svg = Parse(new Plot { Title = "empty" });

        Assert.Single(WithClass(svg, "frame"));
        Assert.NotEmpty(WithClass(svg, "tick-label"));
        Assert.Empty(WithClass(svg, "legend-entry"));
    }

    [Fact]
    public void ToSvg_DataAreaTooSmall_ThrowsNamingConfigField()
    {
        var plot = new Plot(new PlotConfig { Width = 120 }).AddLine([1, 2], [1, 2], "a rather long legend label for a small plot");

        var error = Assert.Throws<InvalidOperationException>(() => plot.ToSvg());

        Assert.Contains("PlotConfig.Width", error.Message);
    }

    [Fact]
    public void PlotConfig_NonPositiveSize_Throws()
    {
        Assert.Equal("Width", Assert.Throws<ArgumentOutOfRangeException>(() => new PlotConfig { Width = 0 }).ParamName);
        Assert.Equal("FontSize", Assert.Throws<ArgumentOutOfRangeException>(() => new PlotConfig { FontSize = double.NaN }).ParamName);
        Assert.Equal("TargetTickCount", Assert.Throws<ArgumentOutOfRangeException>(() => new PlotConfig { TargetTickCount = 1 }).ParamName);
    }

    [Fact]
    public void WriteSvg_WritesParsableFileEqualToToSvg()
    {
        string directory = Directory.CreateTempSubdirectory("neurothermo-svg-").FullName;
        try
        {
            string path = Path.Combine(directory, "plot.svg");
            var plot = new Plot { Title = "file" }.AddLine(Temperatures, [1, 2, 3, 4, 5], "line");

            plot.WriteSvg(path);

            string written = File.ReadAllText(path);
            Assert.Equal(plot.ToSvg(), written);
            Assert.Equal(Svg + "svg", XDocument.Parse(written).Root!.Name);
            Assert.Equal(["plot.svg"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
