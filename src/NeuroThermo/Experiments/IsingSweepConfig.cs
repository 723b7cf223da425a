namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>ising.sweep</c>: Monte Carlo of the ferromagnetic Ising model on periodic L×L lattices
/// (J = 1, h = 0, β = 1/T, k_B = 1) for every size and temperature of a grid; the run measures m, |m|, e, C, χ and
/// U₄ with error bars, locates T_c from the crossings of U₄, fits the growth of the χ peak with L, and compares the
/// integrated autocorrelation time of single-spin Metropolis with Wolff's cluster updates at the exact T_c.
/// </summary>
public sealed record IsingSweepConfig
{
    /// <summary>Linear sizes L (even, each ≥ 4, strictly increasing). Doubling sizes give Binder crossings of consecutive pairs
    /// and a lever arm of a factor 8 for χ_max ∝ L^{γ/ν}.</summary>
    [ConfigRange(4, 1024)]
    public int[] Sizes { get; init; } = [8, 16, 32, 64];

    /// <summary>Temperatures T (strictly increasing). The default is dense near T_c ≈ 2.269, where the U₄ curves cross and the
    /// χ peaks of L = 8 … 64 sit (2.27 … 2.5), and keeps T = 1.5, 2.0 and 3.0 for the Onsager/Yang comparison.</summary>
    [ConfigRange(0, 1e3, MinimumExclusive = true)]
    public double[] Temperatures { get; init; } =
    [
        1.5, 2.0, 2.1, 2.15, 2.2, 2.23, 2.25, 2.26, 2.27, 2.28, 2.29, 2.3, 2.31, 2.32, 2.34, 2.36, 2.38, 2.4, 2.43, 2.46,
        2.5, 2.55, 2.6, 2.7, 2.8, 3.0,
    ];

    /// <summary>Independent chains per (L, T). Errors come from the scatter between chains, so 16 give errors good to
    /// about 18 % without assuming anything about the autocorrelation within a chain.</summary>
    [ConfigRange(2, 4096)]
    public int Chains { get; init; } = 16;

    /// <summary>Sweeps discarded from the ordered start. Metropolis relaxes in ~L^{2.17} sweeps at T_c: 5,000 covers L = 64.</summary>
    [ConfigRange(0, 100_000_000)]
    public int ThermalizationSweeps { get; init; } = 5_000;

    /// <summary>Sweeps measured per chain (one sample per sweep); 20,000 is 50–80 τ_int of |m| at T_c for L = 64 (250–400
    /// sweeps measured).</summary>
    [ConfigRange(16, 100_000_000)]
    public int MeasurementSweeps { get; init; } = 20_000;

    /// <summary>Wolff cluster updates measured per chain at T_c for the autocorrelation comparison; 0 skips the comparison.
    /// A cluster update decorrelates |m| in a few updates, so 1,000 (hundreds of τ_int) pin τ_int to ~10 % per chain.</summary>
    [ConfigRange(0, 100_000_000)]
    public int WolffUpdates { get; init; } = 1_000;

    /// <summary>Wolff cluster updates discarded before measuring, from the ordered start: ~100 τ_int.</summary>
    [ConfigRange(0, 100_000_000)]
    public int WolffThermalization { get; init; } = 100;

    /// <summary>Wolff chains at T_c: 4, because each cluster update is a sequence of small tensor steps.</summary>
    [ConfigRange(1, 4096)]
    public int WolffChains { get; init; } = 4;
}
