namespace NeuroThermo.Reports;

/// <summary>How data values map to positions along a plot axis.</summary>
public enum AxisScale
{
    /// <summary>Equal distances for equal differences; ticks at 1, 2 or 5 × 10^k steps.</summary>
    Linear,

    /// <summary>Equal distances for equal ratios; ticks at powers of ten. Data must be positive.</summary>
    Log10,
}
