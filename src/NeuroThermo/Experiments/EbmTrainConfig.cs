using NeuroThermo.Data;

namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>ebm.train</c>: an MLP energy learns a 2D toy set by contrastive divergence with Langevin
/// negatives from a persistent replay buffer; the learned density e^{−E} and the negatives are plotted.
/// </summary>
public sealed record EbmTrainConfig : IDeviceConfig
{
    /// <summary>Two moons by default: two curved, interleaved modes a one-Gaussian model cannot fit.</summary>
    public Toy2dSet Dataset { get; init; } = Toy2dSet.Moons;

    /// <summary>Gaussian noise of the moons and rings.</summary>
    [ConfigRange(0, 10)]
    public double DataNoise { get; init; } = 0.1;

    /// <summary>Training points drawn once from the toy set.</summary>
    [ConfigRange(16, 10_000_000)]
    public int TrainingPoints { get; init; } = 8192;

    /// <summary>Hidden widths of the energy MLP 2 → … → 1 (GELU).</summary>
    public int[] Hidden { get; init; } = [64, 64];

    /// <summary>Learning steps, one minibatch each.</summary>
    [ConfigRange(1, 10_000_000)]
    public int Steps { get; init; } = 2000;

    /// <summary>Data points (and negatives) per step.</summary>
    [ConfigRange(1, 1_000_000)]
    public int BatchSize { get; init; } = 256;

    /// <summary>ULA steps per negative batch.</summary>
    [ConfigRange(1, 100_000)]
    public int LangevinSteps { get; init; } = 40;

    /// <summary>ε of the negatives' ULA steps.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double StepSize { get; init; } = 0.005;

    /// <summary>Persistent chains in the replay buffer.</summary>
    [ConfigRange(1, 10_000_000)]
    public int BufferSize { get; init; } = 4096;

    /// <summary>Fraction of negatives restarted from uniform noise each step.</summary>
    [ConfigRange(0, 1)]
    public double ReinitialiseFraction { get; init; } = 0.05;

    /// <summary>α of the energy-magnitude penalty α(E⁺² + E⁻²).</summary>
    [ConfigRange(0, 100)]
    public double Regularisation { get; init; } = 0.1;

    /// <summary>Adam's learning rate.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Steps between logged values of ⟨E⟩_data − ⟨E⟩_neg.</summary>
    [ConfigRange(1, 10_000_000)]
    public int LogEvery { get; init; } = 50;

    /// <summary>Where the model, its batches and its draws live: "cpu" (the default, and all a TorchSharp-cpu build has),
    /// "cuda" or "cuda:N"; random numbers come from CPU generators on every device (docs/engine.md#devices).</summary>
    [ConfigDevice]
    public string Device { get; init; } = ComputeDevice.Cpu;
}
