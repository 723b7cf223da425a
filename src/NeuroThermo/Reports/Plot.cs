using NeuroThermo.IO;

namespace NeuroThermo.Reports;

/// <summary>
/// Builder of a standalone SVG chart with line and scatter series, optional symmetric y error
/// bars, a legend, axis labels and a title.
/// </summary>
/// <remarks>
/// Axes set their own extent from the data (error bars included), widened to the nearest
/// labelled ticks: 1-2-5 steps on linear axes, decades on log axes. Points with a NaN or infinite
/// coordinate are skipped and break a line. Series colours come from <see cref="PlotPalette"/>
/// and marker shapes cycle through circle, square, triangle, diamond and inverted triangle.
/// On a log y axis an error bar reaching zero or below is drawn open-ended to the bottom of the
/// data area, without a lower cap.
/// <code>
/// var plot = new Plot { Title = "Magnetisation", XLabel = "T", YLabel = "|m|" }
///     .AddLine(temperatures, exact, "Onsager")
///     .AddScatter(temperatures, measured, "MCMC, L = 32", errors);
/// plot.WriteSvg("runs/magnetisation.svg");
/// </code>
/// </remarks>
public sealed class Plot(PlotConfig? config = null)
{
    private readonly List<PlotSeries> _series = [];

    public PlotConfig Config { get; } = config ?? new PlotConfig();

    /// <summary>Title above the data area, or null for none.</summary>
    public string? Title { get; init; }

    /// <summary>Label under the x axis, or null for none.</summary>
    public string? XLabel { get; init; }

    /// <summary>Label beside the y axis (rotated), or null for none.</summary>
    public string? YLabel { get; init; }

    /// <summary>Scale of the x axis; fixed at construction so series can be checked against it as they are added.</summary>
    public AxisScale XScale { get; init; } = AxisScale.Linear;

    /// <summary>Scale of the y axis; fixed at construction so series can be checked against it as they are added.</summary>
    public AxisScale YScale { get; init; } = AxisScale.Linear;

    public int SeriesCount => _series.Count;

    internal IReadOnlyList<PlotSeries> Series => _series;

    /// <summary>Adds a series drawn as a line.</summary>
    public Plot AddLine(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string label, ReadOnlySpan<double> yError = default) =>
        Add(x, y, label, SeriesStyle.Line, yError);

    /// <summary>Adds a series drawn as markers only.</summary>
    public Plot AddScatter(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string label, ReadOnlySpan<double> yError = default) =>
        Add(x, y, label, SeriesStyle.Markers, yError);

    /// <summary>
    /// Adds a series. <paramref name="yError"/> is empty for no error bars, or holds one
    /// half-length per point: zero or positive, NaN for "no bar at this point".
    /// </summary>
    /// <exception cref="ArgumentException">A finite coordinate is zero or negative on a log axis.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Lengths differ, an error is negative or infinite, or the style is unknown.</exception>
    public Plot Add(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string label, SeriesStyle style, ReadOnlySpan<double> yError = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!Enum.IsDefined(style))
            throw new ArgumentOutOfRangeException(nameof(style), style, "Unknown series style.");
        if (y.Length != x.Length)
            throw new ArgumentOutOfRangeException(nameof(y), y.Length, $"Series '{label}' has {x.Length} x values but {y.Length} y values.");
        if (!yError.IsEmpty && yError.Length != x.Length)
            throw new ArgumentOutOfRangeException(nameof(yError), yError.Length, $"Series '{label}' has {x.Length} points but {yError.Length} y errors.");

        for (int i = 0; i < yError.Length; i++)
            if (!(double.IsNaN(yError[i]) || (yError[i] >= 0 && double.IsFinite(yError[i]))))
                throw new ArgumentOutOfRangeException(nameof(yError), yError[i], $"Series '{label}': yError[{i}] must be zero, positive or NaN (no bar).");
        CheckPositiveOnLogAxis(x, XScale, label, nameof(x));
        CheckPositiveOnLogAxis(y, YScale, label, nameof(y));

        _series.Add(new PlotSeries(label, style, x.ToArray(), y.ToArray(), yError.IsEmpty ? null : yError.ToArray()));
        return this;
    }

    /// <summary>The chart as a standalone SVG document (UTF-8 text, no XML declaration).</summary>
    public string ToSvg() => SvgPlotRenderer.Render(this);

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    public void WriteSvg(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private static void CheckPositiveOnLogAxis(ReadOnlySpan<double> values, AxisScale scale, string label, string paramName)
    {
        if (scale != AxisScale.Log10)
            return;
        for (int i = 0; i < values.Length; i++)
            if (double.IsFinite(values[i]) && values[i] <= 0)
                throw new ArgumentException(
                    $"Series '{label}': {paramName}[{i}] = {values[i]} cannot be shown on the logarithmic {paramName} axis; all values there must be positive.",
                    paramName);
    }
}
