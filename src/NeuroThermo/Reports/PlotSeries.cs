namespace NeuroThermo.Reports;

/// <summary>
/// One data series of a <see cref="Plot"/>, already validated. A point is drawn only when both
/// coordinates are finite; its error bar only when its error is positive (NaN means "none") and
/// both ends y ± error are finite.
/// </summary>
internal sealed class PlotSeries(string label, SeriesStyle style, double[] x, double[] y, double[]? yError)
{
    public string Label { get; } = label;

    public SeriesStyle Style { get; } = style;

    public double[] X { get; } = x;

    public double[] Y { get; } = y;

    /// <summary>Half-length of each symmetric error bar, or null for a series without error bars.</summary>
    public double[]? YError { get; } = yError;

    public int Count => X.Length;

    public bool HasLine => Style is SeriesStyle.Line or SeriesStyle.LineAndMarkers;

    public bool HasMarkers => Style is SeriesStyle.Markers or SeriesStyle.LineAndMarkers;

    public bool IsDrawn(int i) => double.IsFinite(X[i]) && double.IsFinite(Y[i]);

    public bool HasErrorBar(int i) =>
        YError is not null && IsDrawn(i) && YError[i] > 0
        && double.IsFinite(Y[i] + YError[i]) && double.IsFinite(Y[i] - YError[i]);
}
