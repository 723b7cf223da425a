using NeuroThermo.Models;

namespace NeuroThermo.Experiments;

/// <summary>
/// The <c>mlp</c> section of <c>double-descent</c>: the second curve, one-hidden-layer MLPs of growing width trained
/// with AdamW on the same n images and (noisy) labels as the random features. An MLP d-h-K has (d + 1) h + (h + 1) K
/// trainable parameters; Belkin et al. find its interpolation threshold near n K, where the random-feature model,
/// whose p K coefficients are its trainable parameters, has its threshold too (p = n).
/// </summary>
/// <remarks>
/// Every default serves the interpolating regime double descent is about: a fixed number of epochs with no early
/// stopping, no weight decay and a constant learning rate, so that every network wide enough to fit the training set
/// is driven to (near) zero training loss, and none is stopped or regularized before it gets there.
/// </remarks>
public sealed record MlpWidthSweepConfig
{
    /// <summary>Hidden widths h, strictly increasing, one network each; none (the default) skips the MLP sweep.</summary>
    [ConfigRange(1, 1_000_000)]
    public int[] Widths { get; init; } = [];

    /// <summary>Full passes over the n training images per network, all of them run: there is no early stopping.
    /// 300 (3,000 steps at batch 100 on n = 1,000 Fashion-MNIST images) bring 784-h-10 networks with h ≥ 64 to no
    /// training error and a training MSE below 0.01: near, not at, interpolation.</summary>
    [ConfigRange(1, 1_000_000)]
    public int Epochs { get; init; } = 300;

    /// <summary>Examples per AdamW step; 100 make ten steps an epoch on n = 1,000.</summary>
    [ConfigRange(1, 1 << 20)]
    public int BatchSize { get; init; } = 100;

    /// <summary>AdamW's learning rate, constant throughout; 1e-3 is Adam's customary value.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW's decoupled weight decay λ; 0, since decay keeps wide networks from interpolating and flattens
    /// the peak.</summary>
    [ConfigRange(0, 1)]
    public double WeightDecay { get; init; }

    /// <summary>The training loss: the squared loss of Belkin et al. on linear outputs against the one-hot targets
    /// (quadratic), or softmax cross-entropy on logits.</summary>
    public Cost Cost { get; init; } = Cost.Quadratic;
}
