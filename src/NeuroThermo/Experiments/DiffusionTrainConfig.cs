using NeuroThermo.Data;
using NeuroThermo.Models.Diffusion;

namespace NeuroThermo.Experiments;

/// <summary>The data sets <c>diffusion.train</c> learns.</summary>
public enum DiffusionDataset
{
    /// <summary><see cref="Toy2dMoons"/>: two interleaved half circles with Gaussian jitter, drawn afresh from the run's seed.</summary>
    TwoMoons,

    /// <summary>Fashion-MNIST's 60,000 training images as 784-pixel rows scaled from [0, 1] to [−1, 1].</summary>
    FashionMnist,
}

/// <summary>
/// Hyper-parameters of <c>diffusion.train</c>: a denoising diffusion model (Ho et al. 2020) whose
/// <see cref="EpsilonNetwork"/> learns to predict the noise of the forward process, and the samples it draws at the end.
/// </summary>
public sealed record DiffusionTrainConfig : IDeviceConfig
{
    /// <summary>What to learn.</summary>
    public DiffusionDataset Dataset { get; init; } = DiffusionDataset.TwoMoons;

    /// <summary>Two-moons points in the training set; 20,000 is far more than an MLP of this size can memorise.</summary>
    [ConfigRange(2, 10_000_000)]
    public int TrainPoints { get; init; } = 20_000;

    /// <summary>Points drawn independently of the training set to compare samples with (energy distance); for
    /// Fashion-MNIST, test images.</summary>
    [ConfigRange(2, 100_000)]
    public int HeldOutPoints { get; init; } = 2_000;

    /// <summary>Standard deviation of the two moons' Gaussian jitter, in units of the moons' radius 1; the data
    /// module's customary 0.1, which the Langevin and score-matching experiments use too.</summary>
    [ConfigRange(0, 1)]
    public double MoonNoise { get; init; } = Toy2dMoons.DefaultNoise;

    /// <summary>How β_t grows; the cosine schedule spends fewer steps on nearly pure noise.</summary>
    public NoiseScheduleKind Schedule { get; init; } = NoiseScheduleKind.Cosine;

    /// <summary>T, the number of noising steps; Ho et al.'s 1000.</summary>
    [ConfigRange(2, 100_000)]
    public int DiffusionSteps { get; init; } = 1000;

    /// <summary>Width of the ε-network's residual stream.</summary>
    [ConfigRange(1, 65_536)]
    public int HiddenWidth { get; init; } = 128;

    /// <summary>Residual blocks of the ε-network.</summary>
    [ConfigRange(0, 64)]
    public int Blocks { get; init; } = 3;

    /// <summary>Size of the sinusoidal time embedding (even).</summary>
    [ConfigRange(2, 4096)]
    public int TimeEmbedding { get; init; } = 64;

    /// <summary>Optimizer steps; 8,000 take two moons' loss to its plateau.</summary>
    [ConfigRange(1, 100_000_000)]
    public int TrainSteps { get; init; } = 8_000;

    /// <summary>Rows per step. For points a step's cost is the per-operation overhead, not the batch, so a large batch
    /// buys smoother gradients almost for free.</summary>
    [ConfigRange(1, 1 << 20)]
    public int BatchSize { get; init; } = 512;

    /// <summary>AdamW's peak learning rate; 1e-3 suits these small MLPs, 2e-4 (Ho et al.) is slower here.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW's decoupled weight decay.</summary>
    [ConfigRange(0, 1)]
    public double WeightDecay { get; init; } = 0;

    /// <summary>Linear warm-up steps before the cosine decay of the learning rate.</summary>
    [ConfigRange(0, 100_000_000)]
    public int WarmupSteps { get; init; } = 500;

    /// <summary>Final learning rate of the cosine decay as a share of the peak.</summary>
    [ConfigRange(0, 1)]
    public double MinLearningRateFactor { get; init; } = 0.05;

    /// <summary>Decay d of the weight average samples are drawn from; 0.999 averages over about a thousand steps.</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double AverageDecay { get; init; } = 0.999;

    /// <summary>Steps between logged losses (training batch, and the averaged network on held-out data).</summary>
    [ConfigRange(1, 100_000_000)]
    public int LogEvery { get; init; } = 500;

    /// <summary>Steps between checkpoints (which also refresh <c>average.safetensors</c>).</summary>
    [ConfigRange(1, 100_000_000)]
    public int CheckpointEvery { get; init; } = 2_000;

    /// <summary>Samples drawn at the end with each sampler (for images, the first 64 are shown).</summary>
    [ConfigRange(2, 100_000)]
    public int SampleCount { get; init; } = 2_000;

    /// <summary>Steps of the deterministic (η = 0) DDIM sampler at the end; ancestral sampling always takes all T.</summary>
    [ConfigRange(1, 100_000)]
    public int DdimSteps { get; init; } = 100;

    /// <summary>Where the model, its batches and its draws live: "cpu" (the default, and all a TorchSharp-cpu build has),
    /// "cuda" or "cuda:N"; random numbers come from CPU generators on every device (docs/engine.md#devices).</summary>
    [ConfigDevice]
    public string Device { get; init; } = ComputeDevice.Cpu;
}
