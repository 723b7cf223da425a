using System.Globalization;
using System.Text;
using System.Xml;

namespace NeuroThermo.Reports;

/// <summary>
/// Turns a <see cref="Plot"/> into SVG. Elements carry classes (<c>series-line</c>, <c>marker</c>,
/// <c>error-bar</c>, <c>legend-entry</c>, <c>tick-label</c>, <c>title</c>, <c>axis-label</c>) so
/// the output can be restyled with CSS and checked by tests. An <see cref="XmlWriter"/> does the
/// escaping, so labels may contain any XML-legal character.
/// </summary>
internal static class SvgPlotRenderer
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";
    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private const string TextColour = "#000000";
    private const string GridColour = "#DDDDDD";
    private const string BackgroundColour = "#FFFFFF";

    /// <summary>Axis frame and tick stroke width.</summary>
    private const double AxisStrokeWidth = 1;

    /// <summary>Error bars are drawn thinner than lines so they do not dominate the data.</summary>
    private const double ErrorBarWidthFraction = 0.6;

    /// <summary>White outline that keeps overlapping markers apart.</summary>
    private const double MarkerOutlineWidth = 0.6;

    /// <summary>Offset that moves a text baseline so the text is vertically centred on a point, in em.</summary>
    private const double CentreBaselineEm = 0.35;

    /// <summary>Raise of a superscript exponent, in em of the tick label.</summary>
    private const string SuperscriptRise = "-0.6em";

    private static readonly XmlWriterSettings Settings = new()
    {
        Indent = true,
        // The output is returned as a string and saved as UTF-8; a declaration would claim UTF-16.
        OmitXmlDeclaration = true,
    };

    public static string Render(Plot plot)
    {
        PlotLayout layout = PlotLayout.For(plot);
        PlotConfig config = plot.Config;
        var text = new StringBuilder();
        using (var svg = XmlWriter.Create(text, Settings))
        {
            svg.WriteStartElement("svg", SvgNamespace);
            SvgFormat.Attribute(svg, "width", config.Width);
            SvgFormat.Attribute(svg, "height", config.Height);
            svg.WriteAttributeString("viewBox", $"0 0 {SvgFormat.Number(config.Width)} {SvgFormat.Number(config.Height)}");
            svg.WriteAttributeString("font-family", FontFamily);
            SvgFormat.Attribute(svg, "font-size", config.FontSize);

            svg.WriteStartElement("rect");
            svg.WriteAttributeString("width", "100%");
            svg.WriteAttributeString("height", "100%");
            svg.WriteAttributeString("fill", BackgroundColour);
            svg.WriteEndElement();

            if (config.ShowGrid)
                WriteGrid(svg, layout);
            for (int i = 0; i < plot.Series.Count; i++)
                WriteSeries(svg, layout, config, plot.Series[i], i);
            WriteAxes(svg, layout, config);
            WriteTexts(svg, layout, plot);
            if (config.ShowLegend && plot.Series.Count > 0)
                WriteLegend(svg, layout, config, plot.Series);

            svg.WriteEndElement();
        }
        return text.ToString();
    }

    private static void WriteGrid(XmlWriter svg, PlotLayout layout)
    {
        var d = new StringBuilder();
        foreach (var tick in layout.X.Major)
            d.Append($"M{SvgFormat.Number(layout.PixelX(tick.Value))} {SvgFormat.Number(layout.Top)}V{SvgFormat.Number(layout.Bottom)}");
        foreach (var tick in layout.Y.Major)
            d.Append($"M{SvgFormat.Number(layout.Left)} {SvgFormat.Number(layout.PixelY(tick.Value))}H{SvgFormat.Number(layout.Right)}");
        WritePath(svg, "grid", d.ToString(), GridColour, AxisStrokeWidth);
    }

    private static void WriteSeries(XmlWriter svg, PlotLayout layout, PlotConfig config, PlotSeries series, int index)
    {
        string colour = PlotPalette.Colour(index);
        svg.WriteStartElement("g");
        svg.WriteAttributeString("class", "series");
        svg.WriteAttributeString("data-label", series.Label);

        if (series.HasLine)
        {
            // A skipped (non-finite) point ends the current run; the next drawn point starts a new one with M.
            var d = new StringBuilder();
            bool inRun = false;
            for (int i = 0; i < series.Count; i++)
            {
                if (!series.IsDrawn(i))
                {
                    inRun = false;
                    continue;
                }
                d.Append(inRun ? 'L' : 'M')
                    .Append(SvgFormat.Number(layout.PixelX(series.X[i]))).Append(' ')
                    .Append(SvgFormat.Number(layout.PixelY(series.Y[i])));
                inRun = true;
            }
            if (d.Length > 0)
                WritePath(svg, "series-line", d.ToString(), colour, config.LineWidth);
        }

        WriteErrorBars(svg, layout, config, series, colour);

        if (series.HasMarkers)
        {
            svg.WriteStartElement("g");
            svg.WriteAttributeString("class", "markers");
            svg.WriteAttributeString("fill", colour);
            svg.WriteAttributeString("stroke", BackgroundColour);
            SvgFormat.Attribute(svg, "stroke-width", MarkerOutlineWidth);
            MarkerShape shape = SvgMarkers.ShapeFor(index);
            for (int i = 0; i < series.Count; i++)
                if (series.IsDrawn(i))
                    SvgMarkers.Write(svg, shape, layout.PixelX(series.X[i]), layout.PixelY(series.Y[i]), config.MarkerSize, "marker");
            svg.WriteEndElement();
        }
        svg.WriteEndElement();
    }

    private static void WriteErrorBars(XmlWriter svg, PlotLayout layout, PlotConfig config, PlotSeries series, string colour)
    {
        double cap = config.ErrorBarCapWidth / 2;
        bool opened = false;
        for (int i = 0; i < series.Count; i++)
        {
            if (!series.HasErrorBar(i))
                continue;
            if (!opened)
            {
                // Stroke attributes sit on the group so the per-point paths stay short.
                svg.WriteStartElement("g");
                svg.WriteAttributeString("class", "error-bars");
                svg.WriteAttributeString("fill", "none");
                svg.WriteAttributeString("stroke", colour);
                SvgFormat.Attribute(svg, "stroke-width", ErrorBarWidthFraction * config.LineWidth);
                opened = true;
            }
            double x = layout.PixelX(series.X[i]);
            double low = series.Y[i] - series.YError![i];
            double top = layout.PixelY(series.Y[i] + series.YError[i]);
            // On a log axis a lower end at or below zero lies infinitely far down: draw the bar
            // to the bottom edge and leave off its cap to show it is open.
            bool lowerEndShown = layout.Y.Scale == AxisScale.Linear || low > 0;
            double bottom = lowerEndShown ? layout.PixelY(low) : layout.Bottom;

            var d = new StringBuilder();
            d.Append($"M{SvgFormat.Number(x)} {SvgFormat.Number(bottom)}V{SvgFormat.Number(top)}");
            if (cap > 0)
            {
                d.Append($"M{SvgFormat.Number(x - cap)} {SvgFormat.Number(top)}H{SvgFormat.Number(x + cap)}");
                if (lowerEndShown)
                    d.Append($"M{SvgFormat.Number(x - cap)} {SvgFormat.Number(bottom)}H{SvgFormat.Number(x + cap)}");
            }
            svg.WriteStartElement("path");
            svg.WriteAttributeString("class", "error-bar");
            svg.WriteAttributeString("d", d.ToString());
            svg.WriteEndElement();
        }
        if (opened)
            svg.WriteEndElement();
    }

    private static void WriteAxes(XmlWriter svg, PlotLayout layout, PlotConfig config)
    {
        var major = new StringBuilder();
        var minor = new StringBuilder();
        string bottom = SvgFormat.Number(layout.Bottom);
        string left = SvgFormat.Number(layout.Left);
        foreach (var tick in layout.X.Major)
            major.Append($"M{SvgFormat.Number(layout.PixelX(tick.Value))} {bottom}v{SvgFormat.Number(PlotLayout.TickLength)}");
        foreach (double value in layout.X.Minor)
            minor.Append($"M{SvgFormat.Number(layout.PixelX(value))} {bottom}v{SvgFormat.Number(PlotLayout.MinorTickLength)}");
        foreach (var tick in layout.Y.Major)
            major.Append($"M{left} {SvgFormat.Number(layout.PixelY(tick.Value))}h{SvgFormat.Number(-PlotLayout.TickLength)}");
        foreach (double value in layout.Y.Minor)
            minor.Append($"M{left} {SvgFormat.Number(layout.PixelY(value))}h{SvgFormat.Number(-PlotLayout.MinorTickLength)}");
        WritePath(svg, "ticks", major.ToString(), TextColour, AxisStrokeWidth);
        if (minor.Length > 0)
            WritePath(svg, "minor-ticks", minor.ToString(), TextColour, AxisStrokeWidth);

        svg.WriteStartElement("rect");
        svg.WriteAttributeString("class", "frame");
        SvgFormat.Attribute(svg, "x", layout.Left);
        SvgFormat.Attribute(svg, "y", layout.Top);
        SvgFormat.Attribute(svg, "width", layout.Right - layout.Left);
        SvgFormat.Attribute(svg, "height", layout.Bottom - layout.Top);
        svg.WriteAttributeString("fill", "none");
        svg.WriteAttributeString("stroke", TextColour);
        SvgFormat.Attribute(svg, "stroke-width", AxisStrokeWidth);
        svg.WriteEndElement();

        double fontSize = config.FontSize;
        double xLabelBaseline = layout.Bottom + PlotLayout.TickLength + PlotLayout.TextGap + fontSize;
        foreach (var tick in layout.X.Major)
            WriteTickLabel(svg, "tick-label x", tick, layout.PixelX(tick.Value), xLabelBaseline, "middle");
        double yLabelRight = layout.Left - PlotLayout.TickLength - PlotLayout.TextGap;
        foreach (var tick in layout.Y.Major)
            WriteTickLabel(svg, "tick-label y", tick, yLabelRight, layout.PixelY(tick.Value) + CentreBaselineEm * fontSize, "end");
    }

    private static void WriteTickLabel(XmlWriter svg, string cssClass, Tick tick, double x, double baseline, string anchor)
    {
        svg.WriteStartElement("text");
        svg.WriteAttributeString("class", cssClass);
        svg.WriteAttributeString("data-value", tick.Value.ToString("R", CultureInfo.InvariantCulture));
        SvgFormat.Attribute(svg, "x", x);
        SvgFormat.Attribute(svg, "y", baseline);
        svg.WriteAttributeString("text-anchor", anchor);
        svg.WriteString(tick.Text);
        if (tick.Exponent is not null)
        {
            svg.WriteStartElement("tspan");
            svg.WriteAttributeString("class", "exponent");
            svg.WriteAttributeString("dy", SuperscriptRise);
            svg.WriteAttributeString("font-size", $"{PlotLayout.ExponentScale * 100:0}%");
            svg.WriteString(tick.Exponent);
            svg.WriteEndElement();
        }
        svg.WriteEndElement();
    }

    private static void WriteTexts(XmlWriter svg, PlotLayout layout, Plot plot)
    {
        double fontSize = plot.Config.FontSize;
        double centreX = (layout.Left + layout.Right) / 2;
        if (plot.Title is not null)
            WriteText(svg, "title", plot.Title, centreX, PlotLayout.OuterMargin + PlotLayout.TitleScale * fontSize,
                PlotLayout.TitleScale * fontSize, bold: true);

        double labelSize = PlotLayout.AxisLabelScale * fontSize;
        if (plot.XLabel is not null)
            WriteText(svg, "axis-label x", plot.XLabel, centreX, plot.Config.Height - PlotLayout.OuterMargin - 0.25 * labelSize,
                labelSize, bold: false);
        if (plot.YLabel is not null)
        {
            double x = PlotLayout.OuterMargin + 0.8 * labelSize;
            double y = (layout.Top + layout.Bottom) / 2;
            WriteText(svg, "axis-label y", plot.YLabel, x, y, labelSize, bold: false,
                transform: $"rotate(-90 {SvgFormat.Number(x)} {SvgFormat.Number(y)})");
        }
    }

    private static void WriteLegend(XmlWriter svg, PlotLayout layout, PlotConfig config, IReadOnlyList<PlotSeries> series)
    {
        double fontSize = config.FontSize;
        svg.WriteStartElement("g");
        svg.WriteAttributeString("class", "legend");
        for (int i = 0; i < series.Count; i++)
        {
            string colour = PlotPalette.Colour(i);
            double y = layout.Top + fontSize * (0.5 + PlotLayout.LegendLineSpacing * i);
            double sampleLeft = layout.LegendLeft;
            double sampleRight = sampleLeft + PlotLayout.LegendSampleLength;

            svg.WriteStartElement("g");
            svg.WriteAttributeString("class", "legend-entry");
            if (series[i].HasLine)
                WritePath(svg, "legend-line",
                    $"M{SvgFormat.Number(sampleLeft)} {SvgFormat.Number(y)}H{SvgFormat.Number(sampleRight)}", colour, config.LineWidth);
            if (series[i].HasMarkers)
            {
                svg.WriteStartElement("g");
                svg.WriteAttributeString("fill", colour);
                svg.WriteAttributeString("stroke", BackgroundColour);
                SvgFormat.Attribute(svg, "stroke-width", MarkerOutlineWidth);
                SvgMarkers.Write(svg, SvgMarkers.ShapeFor(i), (sampleLeft + sampleRight) / 2, y, config.MarkerSize, "legend-marker");
                svg.WriteEndElement();
            }
            WriteText(svg, "legend-label", series[i].Label, sampleRight + PlotLayout.TextGap, y + CentreBaselineEm * fontSize,
                fontSize, bold: false, anchor: "start");
            svg.WriteEndElement();
        }
        svg.WriteEndElement();
    }

    private static void WriteText(
        XmlWriter svg, string cssClass, string content, double x, double y, double fontSize, bool bold,
        string anchor = "middle", string? transform = null)
    {
        svg.WriteStartElement("text");
        svg.WriteAttributeString("class", cssClass);
        SvgFormat.Attribute(svg, "x", x);
        SvgFormat.Attribute(svg, "y", y);
        SvgFormat.Attribute(svg, "font-size", fontSize);
        svg.WriteAttributeString("text-anchor", anchor);
        svg.WriteAttributeString("fill", TextColour);
        if (bold)
            svg.WriteAttributeString("font-weight", "bold");
        if (transform is not null)
            svg.WriteAttributeString("transform", transform);
        svg.WriteString(content);
        svg.WriteEndElement();
    }

    private static void WritePath(XmlWriter svg, string cssClass, string d, string stroke, double strokeWidth)
    {
        svg.WriteStartElement("path");
        svg.WriteAttributeString("class", cssClass);
        svg.WriteAttributeString("d", d);
        svg.WriteAttributeString("fill", "none");
        svg.WriteAttributeString("stroke", stroke);
        SvgFormat.Attribute(svg, "stroke-width", strokeWidth);
        svg.WriteAttributeString("stroke-linejoin", "round");
        svg.WriteAttributeString("stroke-linecap", "round");
        svg.WriteEndElement();
    }
}
