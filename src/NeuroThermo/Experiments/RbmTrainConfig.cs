using NeuroThermo.Data;
using NeuroThermo.Models.Rbm;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>What <c>rbm.train</c> learns.</summary>
public enum RbmDataSource
{
    /// <summary>The images of <see cref="RbmTrainConfig.Data"/> (Fashion-MNIST or a user's IDX files), binarized.</summary>
    Images,

    /// <summary>The L × L bars-and-stripes patterns (<see cref="BarsAndStripes"/>), train and test set alike; small enough for exact ln Z.</summary>
    BarsAndStripes,
}

/// <summary>
/// Hyper-parameters of <c>rbm.train</c>: a restricted Boltzmann machine trained by CD-k or persistent CD on binarized
/// images or bars and stripes, with reconstruction error, pseudo-likelihood and (AIS or exact) test log-likelihood per
/// epoch. Defaults follow Hinton's practical guide and Salakhutdinov &amp; Murray (2008).
/// </summary>
public sealed record RbmTrainConfig : IDeviceConfig
{
    /// <summary>Binarized images, or bars and stripes.</summary>
    public RbmDataSource Source { get; init; } = RbmDataSource.Images;

    /// <summary>The images (source images): Fashion-MNIST unless the four IDX files are set; labels are read and ignored.</summary>
    public ImageDataFiles Data { get; init; } = new();

    /// <summary>Threshold at 0.5 (a fixed data set) or a one-off Bernoulli draw per pixel.</summary>
    public BinarizationMode Binarization { get; init; } = BinarizationMode.Threshold;

    /// <summary>Intensity above which a pixel is on, for threshold binarization.</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double Threshold { get; init; } = 0.5;

    /// <summary>L of the bars-and-stripes patterns (source barsAndStripes).</summary>
    [ConfigRange(2, 4)]
    public int Side { get; init; } = 4;

    /// <summary>{0, 1} units (machine learning) or ±1 spins (eq. 4.33).</summary>
    public RbmUnits Units { get; init; } = RbmUnits.Bernoulli;

    /// <summary>Hidden units; 500 is the size of Salakhutdinov and Murray's MNIST RBMs.</summary>
    [ConfigRange(1, 100_000)]
    public int Hidden { get; init; } = 500;

    /// <summary>σ of the initial weights W_ij ~ N(0, σ²): the guide's 0.01.</summary>
    [ConfigRange(0, 10)]
    public double WeightScale { get; init; } = 0.01;

    /// <summary>Passes over the training set.</summary>
    [ConfigRange(1, 100_000)]
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per update; the guide recommends 10–100, and the benchmark uses 100.</summary>
    [ConfigRange(1, 1 << 20)]
    public int BatchSize { get; init; } = 100;

    /// <summary>k of CD-k (Gibbs sweeps per update).</summary>
    [ConfigRange(1, 10_000)]
    public int GibbsSteps { get; init; } = 1;

    /// <summary>Persistent CD: keep the negative chains between updates.</summary>
    public bool Persistent { get; init; }

    /// <summary>ε per batch-mean gradient; the guide's 0.1 for binary images.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Epochs over which ε falls linearly to 0, as in Tieleman's PCD experiments; 0 keeps ε constant.</summary>
    [ConfigRange(0, 100_000)]
    public int DecayEpochs { get; init; }

    /// <summary>Momentum of the first <see cref="MomentumSwitchEpoch"/> epochs.</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum afterwards.</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double FinalMomentum { get; init; } = 0.9;

    /// <summary>Epochs at the initial momentum; the guide's MNIST code switches after 5.</summary>
    [ConfigRange(0, 100_000)]
    public int MomentumSwitchEpoch { get; init; } = 5;

    /// <summary>L2 weight cost on W; the guide's MNIST code uses 2·10⁻⁴.</summary>
    [ConfigRange(0, 1)]
    public double WeightDecay { get; init; } = 2e-4;

    /// <summary>Target mean activation of the hidden units (guide: 0.01–0.1); 0 turns the sparsity penalty off.</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double SparsityTarget { get; init; }

    /// <summary>Weight of the sparsity penalty.</summary>
    [ConfigRange(0, 100)]
    public double SparsityCost { get; init; } = 0.1;

    /// <summary>λ of the running mean activation (guide: 0.9–0.99).</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double SparsityDecay { get; init; } = 0.95;

    /// <summary>Epochs between AIS estimates of the test log-likelihood during training (0: only after the last epoch).</summary>
    [ConfigRange(0, 100_000)]
    public int AisEvery { get; init; }

    /// <summary>β values of the AIS runs during training: a cheap schedule, 0–0.5 / 0.5–0.9 / 0.9–1 in proportions 1 : 8 : 20.</summary>
    [ConfigRange(10, 10_000_000)]
    public int AisStepsDuringTraining { get; init; } = 2900;

    /// <summary>Parallel AIS runs (during training and at the end).</summary>
    [ConfigRange(2, 100_000)]
    public int AisRuns { get; init; } = 100;

    /// <summary>Block-Gibbs sweeps of the chains whose final states are shown as samples.</summary>
    [ConfigRange(1, 10_000_000)]
    public int SampleSweeps { get; init; } = 1000;

    /// <summary>Chains shown as samples (and reconstructions and filters shown): a 10 × 10 grid.</summary>
    [ConfigRange(1, 1024)]
    public int Shown { get; init; } = 100;

    /// <summary>The trainer's options for these settings.</summary>
    public RbmTrainingOptions TrainingOptions() => new()
    {
        GibbsSteps = GibbsSteps,
        Persistent = Persistent,
        LearningRate = LearningRate,
        DecayEpochs = DecayEpochs,
        InitialMomentum = InitialMomentum,
        FinalMomentum = FinalMomentum,
        MomentumSwitchEpoch = MomentumSwitchEpoch,
        WeightDecay = WeightDecay,
        SparsityTarget = SparsityTarget > 0 ? SparsityTarget : null,
        SparsityCost = SparsityCost,
        SparsityDecay = SparsityDecay,
    };

    /// <summary>Where the model, its batches and its draws live: "cpu" (the default, and all a TorchSharp-cpu build has),
    /// "cuda" or "cuda:N"; random numbers come from CPU generators on every device (docs/engine.md#devices).</summary>
    [ConfigDevice]
    public string Device { get; init; } = ComputeDevice.Cpu;
}
