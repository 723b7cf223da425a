namespace NeuroThermo.Reports;

/// <summary>Sizes and switches of an SVG <see cref="Plot"/>. Lengths are SVG user units (pixels).</summary>
public sealed record PlotConfig
{
    /// <summary>Total width, legend included; 720 leaves a ~480 px wide data area beside a legend of short labels.</summary>
    public double Width { get; init => field = Positive(value, nameof(Width)); } = 720;

    /// <summary>Total height; 440 gives a data area of roughly golden-ratio shape next to the width.</summary>
    public double Height { get; init => field = Positive(value, nameof(Height)); } = 440;

    /// <summary>Font size of tick labels and legend; title and axis labels are scaled from it. 13 px reads well on screen and in print.</summary>
    public double FontSize { get; init => field = Positive(value, nameof(FontSize)); } = 13;

    /// <summary>Stroke width of series lines; 1.8 px stays visible when the SVG is shrunk into a document.</summary>
    public double LineWidth { get; init => field = Positive(value, nameof(LineWidth)); } = 1.8;

    /// <summary>Marker width and height; 7 px distinguishes the shapes without hiding neighbouring points.</summary>
    public double MarkerSize { get; init => field = Positive(value, nameof(MarkerSize)); } = 7;

    /// <summary>Width of the horizontal caps on error bars; a little smaller than the markers so caps are not mistaken for them.</summary>
    public double ErrorBarCapWidth { get; init => field = NonNegative(value, nameof(ErrorBarCapWidth)); } = 6;

    /// <summary>
    /// Desired number of labelled ticks on a linear axis. The step is the smallest 1-2-5 step that
    /// fits the data in this many intervals minus one, so the axis gets between about half this
    /// many ticks and one more. 7 keeps data like [−0.08, 1.08] on steps of 0.2 rather than 0.5.
    /// </summary>
    public int TargetTickCount { get; init => field = AtLeastTwo(value, nameof(TargetTickCount)); } = 7;

    /// <summary>Most labelled decades on a log axis; wider ranges label every 2nd, 3rd, … decade. 8 keeps labels from colliding.</summary>
    public int MaxDecadeLabels { get; init => field = AtLeastTwo(value, nameof(MaxDecadeLabels)); } = 8;

    /// <summary>Draw a legend to the right of the data area (series labels are required either way).</summary>
    public bool ShowLegend { get; init; } = true;

    /// <summary>Draw light grid lines at the labelled ticks.</summary>
    public bool ShowGrid { get; init; } = true;

    private static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number.");

    // Two labelled ticks are the fewest that show a scale.
    private static int AtLeastTwo(int value, string name) =>
        value >= 2 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 2.");

    private static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or a positive finite number.");
}
