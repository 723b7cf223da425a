namespace NeuroThermo.Reports;

/// <summary>
/// Where everything of a <see cref="Plot"/> goes: axis extents and ticks, the data area, and the
/// legend column. Text widths are estimated from character counts, since an SVG writer cannot
/// measure the viewer's font.
/// </summary>
internal sealed record PlotLayout(
    AxisTicks X, AxisTicks Y, double Left, double Top, double Right, double Bottom, double LegendLeft)
{
    /// <summary>
    /// Assumed advance of one glyph in em. DejaVu Sans and Helvetica average about 0.55 em for
    /// lower case and 0.7 em for capitals; erring wide keeps labels inside the picture.
    /// </summary>
    public const double GlyphWidthEm = 0.65;

    /// <summary>Title font size relative to the base font size.</summary>
    public const double TitleScale = 1.25;

    /// <summary>Axis-label font size relative to the base font size.</summary>
    public const double AxisLabelScale = 1.1;

    /// <summary>Superscript exponent font size relative to its tick label.</summary>
    public const double ExponentScale = 0.75;

    public const double TickLength = 5;

    public const double MinorTickLength = 3;

    /// <summary>Space between a tick and its label, and between other stacked pieces of text.</summary>
    public const double TextGap = 4;

    /// <summary>Blank border of the whole picture.</summary>
    public const double OuterMargin = 8;

    /// <summary>Length of the line sample in a legend entry.</summary>
    public const double LegendSampleLength = 28;

    /// <summary>Gap between the data area and the legend column.</summary>
    public const double LegendGap = 16;

    /// <summary>Vertical distance between legend entries, in units of the font size.</summary>
    public const double LegendLineSpacing = 1.6;

    /// <summary>Smallest data area, in pixels per side, worth drawing; anything less is a configuration error.</summary>
    private const double MinDataAreaSide = 40;

    // Axis extents shown when there is no finite data at all.
    private static readonly (double Min, double Max) EmptyLinearRange = (0, 1);
    private static readonly (double Min, double Max) EmptyLogRange = (1, 10);

    public double PixelX(double value) => Left + X.Fraction(value) * (Right - Left);

    public double PixelY(double value) => Bottom - Y.Fraction(value) * (Bottom - Top);

    public static PlotLayout For(Plot plot)
    {
        PlotConfig config = plot.Config;
        double fontSize = config.FontSize;
        AxisTicks x = TicksFor(plot.XScale, XRange(plot.Series) ?? EmptyRange(plot.XScale), config);
        AxisTicks y = TicksFor(plot.YScale, YRange(plot.Series, plot.YScale) ?? EmptyRange(plot.YScale), config);

        double top = OuterMargin + fontSize / 2 + (plot.Title is null ? 0 : TitleScale * fontSize + TextGap);
        double axisLabelHeight = AxisLabelScale * fontSize + TextGap;
        double left = OuterMargin + (plot.YLabel is null ? 0 : axisLabelHeight)
            + y.Major.Max(t => TickLabelWidth(t, fontSize)) + TextGap + TickLength;
        double bottom = config.Height - OuterMargin - (plot.XLabel is null ? 0 : axisLabelHeight)
            - fontSize - TextGap - TickLength;

        bool legend = config.ShowLegend && plot.Series.Count > 0;
        double legendWidth = legend
            ? LegendGap + LegendSampleLength + TextGap + plot.Series.Max(s => TextWidth(s.Label, fontSize))
            : 0;
        // The last x tick label is centred on the right edge of the data area; half of it sticks out.
        double right = config.Width - OuterMargin - legendWidth
            - (legend ? 0 : TickLabelWidth(x.Major[^1], fontSize) / 2);

        if (right - left < MinDataAreaSide)
            throw new InvalidOperationException(
                $"PlotConfig.Width = {config.Width} leaves {right - left:F0} px for the data beside tick labels and legend; " +
                $"at least {MinDataAreaSide} px are needed. Increase the width or shorten the labels.");
        if (bottom - top < MinDataAreaSide)
            throw new InvalidOperationException(
                $"PlotConfig.Height = {config.Height} leaves {bottom - top:F0} px for the data below the title and above the x labels; " +
                $"at least {MinDataAreaSide} px are needed. Increase the height.");
        return new PlotLayout(x, y, left, top, right, bottom, right + LegendGap);
    }

    public static double TextWidth(string text, double fontSize) => text.Length * GlyphWidthEm * fontSize;

    public static double TickLabelWidth(Tick tick, double fontSize) =>
        TextWidth(tick.Text, fontSize) + (tick.Exponent is null ? 0 : TextWidth(tick.Exponent, ExponentScale * fontSize));

    private static AxisTicks TicksFor(AxisScale scale, (double Min, double Max) range, PlotConfig config) => scale switch
    {
        AxisScale.Linear => NiceTicks.Linear(range.Min, range.Max, config.TargetTickCount),
        AxisScale.Log10 => NiceTicks.Log10(range.Min, range.Max, config.MaxDecadeLabels),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown axis scale."),
    };

    private static (double Min, double Max) EmptyRange(AxisScale scale) =>
        scale == AxisScale.Log10 ? EmptyLogRange : EmptyLinearRange;

    private static (double Min, double Max)? XRange(IReadOnlyList<PlotSeries> series)
    {
        var range = new RangeAccumulator();
        foreach (var s in series)
            for (int i = 0; i < s.Count; i++)
                if (s.IsDrawn(i))
                    range.Include(s.X[i]);
        return range.Result;
    }

    private static (double Min, double Max)? YRange(IReadOnlyList<PlotSeries> series, AxisScale scale)
    {
        var range = new RangeAccumulator();
        foreach (var s in series)
            for (int i = 0; i < s.Count; i++)
            {
                if (!s.IsDrawn(i))
                    continue;
                range.Include(s.Y[i]);
                if (!s.HasErrorBar(i))
                    continue;
                double low = s.Y[i] - s.YError![i];
                // A lower end at or below zero cannot be placed on a log axis; it is drawn open-ended instead.
                if (scale == AxisScale.Linear || low > 0)
                    range.Include(low);
                range.Include(s.Y[i] + s.YError[i]);
            }
        return range.Result;
    }

    private struct RangeAccumulator()
    {
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;

        public void Include(double value)
        {
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
        }

        public readonly (double Min, double Max)? Result => _min <= _max ? (_min, _max) : null;
    }
}
