namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>smoke.mlp</c>: a one-hidden-layer MLP fitted to a synthetic target, small enough
/// to finish in seconds on two cores, so that a broken engine, optimizer or run directory shows up at once.
/// </summary>
public sealed record SmokeMlpConfig : IDeviceConfig
{
    /// <summary>Units in the hidden layer. 32 gives room to fit a smooth target of 8 inputs while keeping
    /// each step cheap.</summary>
    [ConfigRange(1, 65536)]
    public int HiddenWidth { get; init; } = 32;

    /// <summary>Optimizer steps. 300 is long enough for the loss curve to show a clear trend and short enough
    /// for a smoke test in CI.</summary>
    [ConfigRange(1, 100_000_000)]
    public int Steps { get; init; } = 300;

    /// <summary>Examples per step. 64 keeps the gradient noise low without making a step slow.</summary>
    [ConfigRange(1, 1 << 20)]
    public int BatchSize { get; init; } = 64;

    /// <summary>Step size of the optimizer. 0.01 is a cautious choice for an Adam-style optimizer on a network
    /// this small; it must be positive, and anything above 10 is a typo rather than a choice.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Input features of the synthetic task. 8 makes the task non-trivial but instant to generate.</summary>
    [ConfigRange(1, 65536)]
    public int InputDim { get; init; } = 8;

    /// <summary>Steps between metric records; 25 gives twelve points on the default loss curve.</summary>
    [ConfigRange(1, int.MaxValue)]
    public int LogEvery { get; init; } = 25;

    /// <summary>Steps between checkpoints (one is also written at the end and on Ctrl+C). 100 costs little at
    /// this model size and loses at most a few seconds of work to a crash.</summary>
    [ConfigRange(1, int.MaxValue)]
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Where the model, its batches and its draws live: "cpu" (the default, and all a TorchSharp-cpu build has),
    /// "cuda" or "cuda:N"; random numbers come from CPU generators on every device (docs/engine.md#devices).</summary>
    [ConfigDevice]
    public string Device { get; init; } = ComputeDevice.Cpu;

    /// <inheritdoc/>
    bool IDeviceConfig.FollowsDevice => true;
}
