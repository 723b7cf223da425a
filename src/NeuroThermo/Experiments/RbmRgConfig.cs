using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>rbm.rg</c>: Wolff samples of the 2D Ising model (J = 1, periodic L × L) at several
/// temperatures, a spin RBM trained by CD-k/PCD on each, and its effective pair couplings (eq. 4.51 and the exact Walsh
/// transform) compared with βJ; plus a scan of the multi-spin part of E_eff against the weight scale of random machines.
/// </summary>
public sealed record RbmRgConfig
{
    /// <summary>L of the periodic L × L lattice; 6 gives 36 visible spins (pairs by sampled transform), L ≤ 4 the full exact transform.</summary>
    [ConfigRange(3, 16)]
    public int Size { get; init; } = 6;

    /// <summary>Temperatures T = 1/β (J = 1, k_B = 1): above, at and below T_c = 2/ln(1 + √2) ≈ 2.269.</summary>
    [ConfigRange(0.1, 100)]
    public double[] Temperatures { get; init; } = [3.0, 2.5, 2.269, 2.0];

    /// <summary>Training configurations per temperature.</summary>
    [ConfigRange(100, 10_000_000)]
    public int Samples { get; init; } = 10_000;

    /// <summary>Independent Wolff chains run side by side; each contributes Samples/Chains configurations.</summary>
    [ConfigRange(1, 100_000)]
    public int Chains { get; init; } = 200;

    /// <summary>Wolff cluster updates per chain before the first configuration is kept (the chains start at random).</summary>
    [ConfigRange(0, 10_000_000)]
    public int ThermalizationUpdates { get; init; } = 500;

    /// <summary>
    /// Wolff cluster updates per chain between kept configurations: L² of them flip at least about L² spins even at high T,
    /// where clusters are smallest, i.e. at least a sweep's worth, and near T_c each one flips a large part of the lattice.
    /// </summary>
    [ConfigRange(1, 10_000_000)]
    public int UpdatesBetweenSamples { get; init; } = 36;

    /// <summary>Hidden spins: more than the 36 visible ones, so that W Wᵀ can take a full-rank pair matrix.</summary>
    [ConfigRange(1, 100_000)]
    public int Hidden { get; init; } = 64;

    /// <summary>σ of the initial weights (the guide's 0.01).</summary>
    [ConfigRange(0, 10)]
    public double WeightScale { get; init; } = 0.01;

    /// <summary>Passes over each temperature's data (4,000 updates of batch 100).</summary>
    [ConfigRange(1, 100_000)]
    public int Epochs { get; init; } = 40;

    /// <summary>Examples per update.</summary>
    [ConfigRange(1, 1 << 20)]
    public int BatchSize { get; init; } = 100;

    /// <summary>k of CD-k: Gibbs sweeps of the negative phase, started at the data.</summary>
    [ConfigRange(1, 10_000)]
    public int GibbsSteps { get; init; } = 10;

    /// <summary>
    /// Persistent CD. Off: at T ≤ 2.5 with ε = 0.01 and momentum 0.9, PCD-5's 100 chains fell behind the growing weights
    /// and the couplings ran away (nearest-neighbour J_eff 1.8 at T = 2.5 and 2.9 at T_c against βJ = 0.40 and 0.44), where
    /// CD-10 from the data stayed at 0.38 at T = 2.5.
    /// </summary>
    public bool Persistent { get; init; }

    /// <summary>ε per batch-mean gradient.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>L2 weight cost on W; small, since it pulls the learned couplings towards 0.</summary>
    [ConfigRange(0, 1)]
    public double WeightDecay { get; init; } = 1e-5;

    /// <summary>Uniform configurations of the sampled Walsh estimate of the pair couplings (used when L² exceeds 20).</summary>
    [ConfigRange(2, 10_000_000)]
    public int TransformSamples { get; init; } = 2000;

    /// <summary>Block-Gibbs sweeps of the chains whose final states are shown as samples.</summary>
    [ConfigRange(1, 10_000_000)]
    public int SampleSweeps { get; init; } = 1000;

    /// <summary>Samples, data configurations and filters shown per temperature.</summary>
    [ConfigRange(1, 1024)]
    public int Shown { get; init; } = 20;

    /// <summary>Visible spins of the random machines of the weight-scale scan (exact transform over 2^N states).</summary>
    [ConfigRange(3, 16)]
    public int ScanVisible { get; init; } = 10;

    /// <summary>Hidden spins of the random machines of the scan.</summary>
    [ConfigRange(1, 1000)]
    public int ScanHidden { get; init; } = 8;

    /// <summary>Weight scales σ of the scan, W_ij ~ N(0, σ²); from the perturbative regime to σ√N ≈ 3.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double[] ScanWeightScales { get; init; } = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];

    /// <summary>The hidden bias b of every unit in the scan's second series (the first has b = 0).</summary>
    [ConfigRange(-10, 10)]
    public double ScanHiddenBias { get; init; } = 0.5;

    /// <summary>The trainer's options: these settings, with the guide's momentum schedule (0.5, then 0.9 after epoch 5).</summary>
    public RbmTrainingOptions TrainingOptions() =>
        new() { GibbsSteps = GibbsSteps, Persistent = Persistent, LearningRate = LearningRate, WeightDecay = WeightDecay };
}
