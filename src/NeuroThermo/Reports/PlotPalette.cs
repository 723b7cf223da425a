namespace NeuroThermo.Reports;

/// <summary>
/// Series colours: the Okabe–Ito palette (Okabe &amp; Ito, "Color Universal Design", 2008),
/// distinguishable under the common forms of colour-vision deficiency. Yellow comes last because
/// thin yellow lines are hard to see on white. Marker shapes also cycle (see
/// <see cref="Plot"/>), so series stay apart even in grayscale print.
/// </summary>
public static class PlotPalette
{
    public static IReadOnlyList<string> Colours { get; } =
    [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow
    ];

    /// <summary>Colour of the series with index <paramref name="seriesIndex"/>; the palette repeats after eight series.</summary>
    public static string Colour(int seriesIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seriesIndex);
        return Colours[seriesIndex % Colours.Count];
    }
}
