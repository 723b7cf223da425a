using NeuroThermo.Physics.Energies;

namespace NeuroThermo.Experiments;

/// <summary>The spin glasses <c>spinglass.anneal</c> anneals.</summary>
public enum AnnealedSpinGlass
{
    /// <summary>SK: E = −Σ_{i&lt;j} J_ij s_i s_j, J_ij ~ N(0, 1/N) on N = size spins; Parisi's e_∞ = −0.7633.</summary>
    SherringtonKirkpatrick,

    /// <summary>Edwards–Anderson: E = −Σ_⟨ij⟩ J_ij s_i s_j on a periodic size × size square lattice (N = size²), bonds from <see cref="SpinGlassAnnealConfig.Bonds"/>.</summary>
    EdwardsAnderson,
}

/// <summary>
/// Hyper-parameters of <c>spinglass.anneal</c>: ground-state energies per spin of random SK or 2D Edwards–Anderson
/// samples found by simulated annealing (best of many chains), averaged over samples at each size and extrapolated
/// to N → ∞ with e_N = e_∞ + A·N^(−ω).
/// </summary>
public sealed record SpinGlassAnnealConfig
{
    /// <summary>Which spin glass. SK by default: its e_∞ is known exactly (Parisi) to compare the extrapolation with.</summary>
    public AnnealedSpinGlass Model { get; init; } = AnnealedSpinGlass.SherringtonKirkpatrick;

    /// <summary>System sizes, strictly increasing: N for SK, the side L for Edwards–Anderson. 50 … 400 spins are large enough
    /// for the N^(−2/3) form and small enough for annealing to find the ground state most of the time.</summary>
    [ConfigRange(2, 4096)]
    public int[] Sizes { get; init; } = [50, 100, 200, 400];

    /// <summary>Disorder samples per size. The sample-to-sample spread of e shrinks slowly with N (0.038 at N = 50, 0.006 at
    /// N = 400 in our run), so the average needs many.</summary>
    [ConfigRange(2, 100_000)]
    public int Instances { get; init; } = 16;

    /// <summary>Independent annealing runs per sample; the lowest energy found counts as the sample's ground state.</summary>
    [ConfigRange(1, 100_000)]
    public int Chains { get; init; } = 8;

    /// <summary>β at the start: 0.1 is well above the SK transition (β_c = 1), so every chain starts in the paramagnet.</summary>
    [ConfigRange(0, 1e3, MinimumExclusive = true)]
    public double BetaStart { get; init; } = 0.1;

    /// <summary>β at the end: 5 makes an uphill step of ΔE ≈ 1 (a typical SK local field) rarer than 1 in 100.</summary>
    [ConfigRange(0, 1e3, MinimumExclusive = true)]
    public double BetaEnd { get; init; } = 5;

    /// <summary>Stages of the geometric schedule from <see cref="BetaStart"/> to <see cref="BetaEnd"/>.</summary>
    [ConfigRange(1, 1_000_000)]
    public int Stages { get; init; } = 200;

    /// <summary>Sweeps at each stage; stages × sweeps = 2,000 sweeps per chain by default.</summary>
    [ConfigRange(1, 1_000_000)]
    public int SweepsPerStage { get; init; } = 10;

    /// <summary>ω of the finite-size correction N^(−ω): 2/3 for the SK ground-state energy.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double CorrectionExponent { get; init; } = 2.0 / 3;

    /// <summary>Edwards–Anderson bond distribution; ±J by default (ignored for SK).</summary>
    public BondDistribution Bonds { get; init; } = BondDistribution.PlusMinus;
}
