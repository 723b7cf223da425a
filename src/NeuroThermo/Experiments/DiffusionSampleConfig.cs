using NeuroThermo.Models.Diffusion;

namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>diffusion.sample</c>: samples drawn from a trained <c>diffusion.train</c> run's averaged
/// network with a chosen reverse process.
/// </summary>
public sealed record DiffusionSampleConfig
{
    /// <summary>
    /// The trained run: a <c>diffusion.train</c> run directory, or the stem <c>runs/&lt;name&gt;</c> of one, which picks
    /// the newest <c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>; the default is the stem of
    /// <c>configs/diffusion-two-moons.json</c>'s runs.
    /// </summary>
    public string TrainedRun { get; init; } = "runs/diffusion-two-moons";

    /// <summary>Ancestral (stochastic, all T steps) or DDIM (a subsequence of the steps).</summary>
    public DiffusionSamplerKind Sampler { get; init; } = DiffusionSamplerKind.Ddim;

    /// <summary>DDIM's steps S; ignored by ancestral sampling. 50 of T = 1000 is Song et al.'s usual speed-up.</summary>
    [ConfigRange(1, 100_000)]
    public int Steps { get; init; } = 50;

    /// <summary>DDIM's η: 0 follows the probability-flow ODE deterministically, 1 injects ancestral noise.</summary>
    [ConfigRange(0, 1)]
    public double Eta { get; init; } = 0;

    /// <summary>Ancestral sampling's σ_t²: the posterior's β̃_t or β_t.</summary>
    public AncestralVariance Variance { get; init; } = AncestralVariance.Posterior;

    /// <summary>Samples drawn.</summary>
    [ConfigRange(2, 100_000)]
    public int SampleCount { get; init; } = 2_000;
}
