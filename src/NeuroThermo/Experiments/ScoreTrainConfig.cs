using NeuroThermo.Data;

namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>score.train</c>: a noise-conditional MLP score network learns a 2D toy set by denoising score
/// matching over a geometric noise ladder, is compared with the exact score where there is one (the mixture), and
/// samples by annealed Langevin dynamics.
/// </summary>
public sealed record ScoreTrainConfig : IDeviceConfig
{
    /// <summary>The mixture by default: its score is known in closed form on every rung.</summary>
    public Toy2dSet Dataset { get; init; } = Toy2dSet.Mixture;

    /// <summary>Gaussian noise of the moons and rings.</summary>
    [ConfigRange(0, 10)]
    public double DataNoise { get; init; } = 0.1;

    /// <summary>Training points drawn once from the toy set.</summary>
    [ConfigRange(16, 10_000_000)]
    public int TrainingPoints { get; init; } = 8192;

    /// <summary>Hidden widths of the score MLP (2 + 1) → … → 2 (GELU).</summary>
    public int[] Hidden { get; init; } = [128, 128];

    /// <summary>σ_1, about the largest distance between data points (the mixture's circle has diameter 4).</summary>
    [ConfigRange(0, 1000, MinimumExclusive = true)]
    public double SigmaMax { get; init; } = 3;

    /// <summary>σ_L, below the mixture's component width 0.2 so that p_{σ_L} is close to the data.</summary>
    [ConfigRange(0, 1000, MinimumExclusive = true)]
    public double SigmaMin { get; init; } = 0.05;

    /// <summary>L, rungs of the ladder.</summary>
    [ConfigRange(2, 1000)]
    public int Levels { get; init; } = 10;

    /// <summary>Adam steps, one minibatch each; the last quarter runs at a tenth of the learning rate.</summary>
    [ConfigRange(1, 10_000_000)]
    public int Steps { get; init; } = 4000;

    [ConfigRange(1, 1_000_000)]
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's learning rate for the first three quarters.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 5e-3;

    /// <summary>Steps between logged losses.</summary>
    [ConfigRange(1, 10_000_000)]
    public int LogEvery { get; init; } = 50;

    /// <summary>Annealed Langevin chains drawn at the end.</summary>
    [ConfigRange(1, 1_000_000)]
    public int SampleChains { get; init; } = 2000;

    /// <summary>ULA steps on each rung.</summary>
    [ConfigRange(1, 100_000)]
    public int StepsPerLevel { get; init; } = 100;

    /// <summary>ε on the smallest rung as a multiple of σ_L² (ε_i = this × σ_i²): 0.1, half of Song and Ermon's α/σ_L² = 0.2 in our convention's units.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double StepSizeOverSigmaMinSquared { get; init; } = 0.1;

    /// <summary>Where the model, its batches and its draws live: "cpu" (the default, and all a TorchSharp-cpu build has),
    /// "cuda" or "cuda:N"; random numbers come from CPU generators on every device (docs/engine.md#devices).</summary>
    [ConfigDevice]
    public string Device { get; init; } = ComputeDevice.Cpu;
}
