using NeuroThermo.Models;

namespace NeuroThermo.Experiments;

/// <summary>The optimizers <c>mlp.train</c> offers.</summary>
public enum MlpOptimizer
{
    /// <summary>torch.optim.SGD; with momentum 0 this is gradient descent exactly as eq. 5.26, w ← w − η ∂C/∂w.</summary>
    Sgd,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter).</summary>
    AdamW,
}

/// <summary>The learning-rate schedules <c>mlp.train</c> offers, as functions of the optimizer step.</summary>
public enum MlpSchedule
{
    /// <summary>The initial learning rate throughout.</summary>
    Constant,

    /// <summary>Multiplied by <see cref="MlpTrainConfig.StepGamma"/> every <see cref="MlpTrainConfig.StepEpochs"/> epochs.</summary>
    Step,

    /// <summary>Linear warm-up over <see cref="MlpTrainConfig.WarmupEpochs"/>, then a half cosine down to
    /// <see cref="MlpTrainConfig.MinLearningRateFactor"/> at the last epoch.</summary>
    WarmupCosine,
}

/// <summary>
/// Hyper-parameters of <c>mlp.train</c>: an <see cref="Mlp"/> classifier trained on an image data set (Fashion-MNIST
/// or a user's IDX files) with shuffled mini-batches, a validation split, early stopping and a test evaluation.
/// </summary>
public sealed record MlpTrainConfig : IDeviceConfig
{
    /// <summary>The images: Fashion-MNIST unless the four IDX files are set.</summary>
    public ImageDataFiles Data { get; init; } = new();

    /// <summary>Hidden layer widths; the input width comes from the images and the output width from the labels.
    /// 256-256 is the network of the issue's ≥ 89% target.</summary>
    [ConfigRange(1, 65536)]
    public int[] HiddenWidths { get; init; } = [256, 256];

    /// <summary>σ of the hidden layers; ReLU trains deep networks fastest.</summary>
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>Softmax cross-entropy on logits, or the quadratic cost of eq. 5.8 on sigmoid outputs.</summary>
    public Cost Cost { get; init; } = Cost.SoftmaxCrossEntropy;

    /// <summary>Share of the training images held out for validation (early stopping, best checkpoint); 1/12
    /// leaves Fashion-MNIST 55,000 to train on and 5,000 to validate on, as is customary.</summary>
    [ConfigRange(0, 0.5, MinimumExclusive = true)]
    public double ValidationFraction { get; init; } = 1.0 / 12;

    /// <summary>Full passes over the training split. 20 with a cosine decay lets a 784-256-256-10 network settle.</summary>
    [ConfigRange(1, 100_000)]
    public int Epochs { get; init; } = 20;

    /// <summary>Examples per step. 128 is the batch of the benchmark and trains this network well.</summary>
    [ConfigRange(1, 1 << 20)]
    public int BatchSize { get; init; } = 128;

    /// <summary>Which optimizer; AdamW needs no tuning of the learning rate per data set.</summary>
    public MlpOptimizer Optimizer { get; init; } = MlpOptimizer.AdamW;

    /// <summary>Initial learning rate η. 1e-3 is Adam's customary value; plain SGD wants about 0.1.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD's momentum; 0 makes <c>sgd</c> the gradient descent of eq. 5.26. Ignored by AdamW.</summary>
    [ConfigRange(0, 1, MaximumExclusive = true)]
    public double Momentum { get; init; } = 0;

    /// <summary>Weight decay: AdamW's decoupled λ, SGD's L2 coefficient. 1e-4 barely regularizes; PyTorch's
    /// AdamW default of 0.01 is also fine.</summary>
    [ConfigRange(0, 1)]
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>The learning-rate schedule; a cosine decay gains about a point of accuracy over a constant rate.</summary>
    public MlpSchedule Schedule { get; init; } = MlpSchedule.WarmupCosine;

    /// <summary>Warm-up length of <see cref="MlpSchedule.WarmupCosine"/> in epochs; a short warm-up spares Adam's
    /// first, poorly estimated steps.</summary>
    [ConfigRange(0, 1000)]
    public double WarmupEpochs { get; init; } = 0.5;

    /// <summary>Final learning rate of the cosine schedule as a share of the initial one.</summary>
    [ConfigRange(0, 1)]
    public double MinLearningRateFactor { get; init; } = 0.01;

    /// <summary>Epochs between decays of <see cref="MlpSchedule.Step"/>.</summary>
    [ConfigRange(1, 100_000)]
    public int StepEpochs { get; init; } = 5;

    /// <summary>Factor of each decay of <see cref="MlpSchedule.Step"/>.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double StepGamma { get; init; } = 0.3;

    /// <summary>Epochs without a new best validation loss before training stops; 4 outlasts the noise of one epoch.</summary>
    [ConfigRange(1, 100_000)]
    public int Patience { get; init; } = 4;

    /// <summary>Misclassified test images shown in the PNG grid; 64 fill an 8×8 grid.</summary>
    [ConfigRange(0, 4096)]
    public int MisclassifiedShown { get; init; } = 64;

    /// <summary>Where the model, its batches and its draws live: "cpu" (the default, and all a TorchSharp-cpu build has),
    /// "cuda" or "cuda:N"; random numbers come from CPU generators on every device (docs/engine.md#devices).</summary>
    [ConfigDevice]
    public string Device { get; init; } = ComputeDevice.Cpu;
}
