namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>rg.truncated2d</c>: the truncated square-lattice flow K' = 2K² + L, L' = K² (eqs.
/// 3.18–3.33) drawn over a window of the (K, L) plane, its fixed point and exponents, and the Migdal–Kadanoff
/// recursion for comparison.
/// </summary>
public sealed record RgTruncated2dConfig
{
    /// <summary>Left edge of the flow diagram; K = 0 is the high-temperature sink.</summary>
    [ConfigRange(0, 10)]
    public double KMin { get; init; }

    /// <summary>Right edge; 0.6 leaves room on both sides of K* = 1/3 and of K_c ≈ 0.39.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double KMax { get; init; } = 0.6;

    /// <summary>Bottom edge; L = 0 is the nearest-neighbour model whose K_c is estimated.</summary>
    [ConfigRange(0, 10)]
    public double LMin { get; init; }

    /// <summary>Top edge; 0.3 shows the critical line well above L* = 1/9.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LMax { get; init; } = 0.3;

    /// <summary>Starting points per axis of the grid of trajectories; 6 × 6 is readable without crowding.</summary>
    [ConfigRange(2, 50)]
    public int GridPoints { get; init; } = 6;

    /// <summary>Steps drawn per trajectory (fewer when it leaves the window); 12 reach the sinks from most starts.</summary>
    [ConfigRange(1, 1000)]
    public int TrajectorySteps { get; init; } = 12;

    /// <summary>Heights L at which the separatrix of the non-linear flow is located by bisection for the plot.</summary>
    [ConfigRange(2, 1000)]
    public int SeparatrixPoints { get; init; } = 16;

    /// <summary>Newton's start for the non-trivial fixed point; (0.3, 0.1) is near (1/3, 1/9) but not on it.</summary>
    [ConfigRange(-10, 10)]
    public double[] FixedPointStart { get; init; } = [0.3, 0.1];

    /// <summary>Newton's start for the Migdal–Kadanoff fixed point of K' = ½ ln cosh 4K (the other form starts at twice it).</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double MigdalKadanoffStart { get; init; } = 0.3;
}
