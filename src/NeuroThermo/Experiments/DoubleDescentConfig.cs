namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>double-descent</c>: minimum-norm least squares on random ReLU features of a subset of
/// Fashion-MNIST (or a user's IDX files), swept over the number of features across the interpolation threshold.
/// </summary>
public sealed record DoubleDescentConfig
{
    /// <summary>The images: Fashion-MNIST unless the four IDX files are set.</summary>
    public ImageDataFiles Data { get; init; } = new();

    /// <summary>n, the training images drawn (without replacement, seeded) from the training set; 1,000 puts the
    /// interpolation threshold at 1,000 features, as in the issue.</summary>
    [ConfigRange(2, 1_000_000)]
    public int TrainCount { get; init; } = 1000;

    /// <summary>Test images used, the first of the test set; all 10,000 of Fashion-MNIST's by default.</summary>
    [ConfigRange(1, 1_000_000)]
    public int TestCount { get; init; } = 10_000;

    /// <summary>Smallest feature count of the sweep; 100 is well below the threshold.</summary>
    [ConfigRange(1, 1_000_000)]
    public int MinFeatures { get; init; } = 100;

    /// <summary>Largest feature count; 20,000 = 20 n shows the second descent well past the threshold.</summary>
    [ConfigRange(1, 1_000_000)]
    public int MaxFeatures { get; init; } = 20_000;

    /// <summary>Feature counts in the sweep, log-spaced from <see cref="MinFeatures"/> to <see cref="MaxFeatures"/>
    /// (rounded, duplicates dropped); 50 resolve the peak.</summary>
    [ConfigRange(1, 10_000)]
    public int FeatureCounts { get; init; } = 50;

    /// <summary>Share of training labels replaced by a uniformly drawn class before fitting; noise sharpens the peak.</summary>
    [ConfigRange(0, 1)]
    public double LabelNoise { get; init; }

    /// <summary>The optional second sweep, over the hidden width of an MLP trained with AdamW; off unless it lists
    /// widths.</summary>
    public MlpWidthSweepConfig Mlp { get; init; } = new();
}
