namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>rg.blockspin</c>: majority-rule block spins of Monte Carlo configurations of the 2D Ising
/// model (periodic L×L, J = 1, h = 0, β = 1/T, k_B = 1). At each temperature — those listed, sampled by checkerboard
/// Metropolis, and Onsager's T_c = 2/ln(1 + √2), always added and sampled by Wolff cluster updates — the run blocks
/// the same configurations by every b and measures ξ before and after; at T_c it also blocks lattices of several L
/// down to one common side and follows the distribution of the block magnetization as L grows.
/// </summary>
public sealed record RgBlockSpinConfig
{
    /// <summary>L of the correlation-length comparison. 144 = 2⁴·3² is divisible by b = 2, 3 and ≥ 128, so ξ ≈ L/1.1 at T_c
    /// still leaves the blocked lattices (72, 48) far from a single block.</summary>
    [ConfigRange(4, 1024)]
    public int Size { get; init; } = 144;

    /// <summary>Block sizes b; each must divide <see cref="Size"/>.</summary>
    [ConfigRange(2, 64)]
    public int[] BlockSizes { get; init; } = [2, 3];

    /// <summary>Temperatures away from T_c (sampled by Metropolis from the ordered start). At 2.0 and 3.0 the exponential ξ is
    /// about 2 lattice spacings on either side of the transition.</summary>
    [ConfigRange(0, 1e3, MinimumExclusive = true)]
    public double[] Temperatures { get; init; } = [2.0, 3.0];

    /// <summary>Independent Metropolis chains per temperature; the jackknife bins never straddle two chains.</summary>
    [ConfigRange(1, 4096)]
    public int Chains { get; init; } = 16;

    /// <summary>Sweeps discarded from the ordered start: at T = 2 and 3 the energy and ξ relax within a few hundred.</summary>
    [ConfigRange(0, 10_000_000)]
    public int ThermalizationSweeps { get; init; } = 500;

    /// <summary>Configurations kept per Metropolis chain.</summary>
    [ConfigRange(1, 100_000)]
    public int SamplesPerChain { get; init; } = 64;

    /// <summary>Sweeps between kept configurations: several τ_int of the energy at T = 2 and 3.</summary>
    [ConfigRange(1, 100_000)]
    public int SampleInterval { get; init; } = 10;

    /// <summary>Independent Wolff chains at T_c.</summary>
    [ConfigRange(1, 4096)]
    public int WolffChains { get; init; } = 8;

    /// <summary>Cluster updates discarded from the ordered start at T_c.</summary>
    [ConfigRange(0, 10_000_000)]
    public int WolffThermalization { get; init; } = 100;

    /// <summary>Configurations kept per Wolff chain at T_c.</summary>
    [ConfigRange(1, 100_000)]
    public int WolffSamplesPerChain { get; init; } = 64;

    /// <summary>Cluster updates between kept configurations; a critical cluster covers a fair fraction of the lattice, so
    /// a few updates decorrelate the long-wavelength modes ξ₂ depends on.</summary>
    [ConfigRange(1, 100_000)]
    public int WolffInterval { get; init; } = 4;

    /// <summary>First distance of the exponential fit, in original lattice spacings; the blocked fit starts at the first
    /// block distance R with bR at least this. 4 skips the distances where a block pair is not yet asymptotic.</summary>
    [ConfigRange(1, 512)]
    public int FitStart { get; init; } = 4;

    /// <summary>Last distance of the exponential fit, in original lattice spacings: about 6ξ at T = 2 and 3, where G is still
    /// a few errors above zero.</summary>
    [ConfigRange(2, 512)]
    public int FitEnd { get; init; } = 12;

    /// <summary>Jackknife bins: 32 give errors good to ~13 %.</summary>
    [ConfigRange(2, 1024)]
    public int BinCount { get; init; } = 32;

    /// <summary>Common side L' the magnetization distributions are blocked down to; every L = L'·b^k up to
    /// <see cref="DistributionMaxSize"/> is sampled for each b (k = 0 is the unblocked L' lattice, for reference).</summary>
    [ConfigRange(2, 256)]
    public int DistributionBlockedSize { get; init; } = 8;

    /// <summary>Largest L of the distribution study.</summary>
    [ConfigRange(2, 1024)]
    public int DistributionMaxSize { get; init; } = 128;

    /// <summary>Wolff chains per L of the distribution study.</summary>
    [ConfigRange(1, 4096)]
    public int DistributionChains { get; init; } = 8;

    /// <summary>Configurations kept per chain and L; P(m') in <see cref="HistogramBins"/> bins needs a few thousand in all.</summary>
    [ConfigRange(1, 1_000_000)]
    public int DistributionSamplesPerChain { get; init; } = 256;

    /// <summary>Bins of the P(m') histograms over [−1, 1].</summary>
    [ConfigRange(2, 1024)]
    public int HistogramBins { get; init; } = 16;
}
