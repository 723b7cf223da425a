namespace NeuroThermo.Experiments;

/// <summary>The known models <c>bm.inverse-ising</c> samples from.</summary>
public enum InverseIsingModel
{
    /// <summary>Sherrington–Kirkpatrick: N = size spins, J_ij ~ N(0, 1/N), drawn from the run's seed.</summary>
    SherringtonKirkpatrick,

    /// <summary>The ferromagnetic Ising model on a size × size periodic square lattice, J = 1 on every bond.</summary>
    Ising2d,
}

/// <summary>
/// Hyper-parameters of <c>bm.inverse-ising</c>: draw M exact samples from a known model at β, recover J and h by
/// Boltzmann learning to moment matching (maximum likelihood) and by naive mean-field inversion, for a range of M.
/// </summary>
public sealed record BmInverseIsingConfig
{
    /// <summary>SK by default: dense, frustrated couplings of both signs are the harder case for inversion.</summary>
    public InverseIsingModel Model { get; init; } = InverseIsingModel.SherringtonKirkpatrick;

    /// <summary>Spins for SK, or the side L of the L × L lattice; at most 16 spins in all so each learning step enumerates ≤ 2^16 states.</summary>
    [ConfigRange(2, 16)]
    public int Size { get; init; } = 10;

    /// <summary>β of the model and of the machine that learns it; 1 is the SK spin-glass transition (βJ = 1 at N → ∞).</summary>
    [ConfigRange(0, 100, MinimumExclusive = true)]
    public double InverseTemperature { get; init; } = 1;

    /// <summary>Uniform field h on every spin; small, so the moments carry information about both J and h.</summary>
    [ConfigRange(-100, 100)]
    public double Field { get; init; } = 0.1;

    /// <summary>Sample sizes M, each drawn afresh from the exact distribution; three decades, to see the slope.</summary>
    [ConfigRange(10, 100_000_000)]
    public long[] SampleCounts { get; init; } = [100, 300, 1000, 3000, 10_000, 30_000, 100_000];

    /// <summary>Independent data sets per M; the coupling errors are averaged over them.</summary>
    [ConfigRange(1, 1000)]
    public int Repetitions { get; init; } = 3;

    /// <summary>
    /// η of the moment-matching iteration. It is stable while ηβλ &lt; 2, λ the largest eigenvalue of the covariance of
    /// the features s_i s_j, s_i; for SK at N = 10, β = 1, η = 0.5 oscillated without converging (mismatch stuck near
    /// 0.4) and 0.15 converges to 1e-6 in about 700 steps.
    /// </summary>
    [ConfigRange(0, 100, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 0.15;

    /// <summary>Most learning steps per fit.</summary>
    [ConfigRange(1, 10_000_000)]
    public int MaxSteps { get; init; } = 20_000;

    /// <summary>Moments matched to this: far below the sampling noise ~1/√M of the largest M.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double Tolerance { get; init; } = 1e-6;
}
