using NeuroThermo.Sampling.Langevin;

namespace NeuroThermo.Experiments;

/// <summary>The analytic energies <c>langevin.sample</c> can sample.</summary>
public enum LangevinTestEnergy
{
    /// <summary>E = (x² − 1)² in one dimension: two wells, barrier 1.</summary>
    DoubleWell,

    /// <summary>E = x²/(2·1.5²) + (y − 0.5x² + 0.5·1.5²)²/2: a bent Gaussian with Z = 2π·1.5.</summary>
    Banana,

    /// <summary>E = −log p of four equal Gaussians (σ = 0.5) on a circle of radius 1.5.</summary>
    Mixture,
}

/// <summary>
/// Hyper-parameters of <c>langevin.sample</c>: a batch of independent Langevin chains on an analytic energy, their final
/// histogram tested against the exact Boltzmann density (quadrature) by χ², and clouds of the chains over time.
/// </summary>
public sealed record LangevinSampleConfig
{
    /// <summary>The banana by default: its curved valley is what separates a good step size from a bad one.</summary>
    public LangevinTestEnergy Energy { get; init; } = LangevinTestEnergy.Banana;

    /// <summary>MALA by default, exact at any ε; unadjusted shows the O(ε) bias.</summary>
    public LangevinRule Rule { get; init; } = LangevinRule.MetropolisAdjusted;

    /// <summary>β of e^{−βE}.</summary>
    [ConfigRange(0, 100, MinimumExclusive = true)]
    public double InverseTemperature { get; init; } = 1;

    /// <summary>ε; 0.05 keeps MALA's acceptance near 90 % on all three energies.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double StepSize { get; init; } = 0.05;

    /// <summary>Independent chains: the χ² test uses one final state of each, so they are independent samples.</summary>
    [ConfigRange(10, 10_000_000)]
    public int Chains { get; init; } = 10_000;

    /// <summary>Steps per chain; 1,500 at ε = 0.05 is ~30 relaxation times of the slowest direction of the banana.</summary>
    [ConfigRange(1, 100_000_000)]
    public int Steps { get; init; } = 1500;

    /// <summary>Snapshots of the clouds (evenly spaced in steps, the last at the end) in the cloud plot.</summary>
    [ConfigRange(1, 12)]
    public int Snapshots { get; init; } = 4;

    /// <summary>Points per snapshot drawn in the cloud plot (the first chains): enough to see the shape, few enough for an SVG.</summary>
    [ConfigRange(1, 100_000)]
    public int PlottedPoints { get; init; } = 600;
}
