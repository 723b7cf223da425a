namespace NeuroThermo.Experiments;

/// <summary>The shape of one model of an <c>lm.scaling</c> family.</summary>
public sealed record LmModelSize
{
    /// <summary>Width d_model.</summary>
    [ConfigRange(1, 1 << 16)]
    public int EmbeddingSize { get; init; } = 32;

    /// <summary>Transformer blocks.</summary>
    [ConfigRange(1, 256)]
    public int LayerCount { get; init; } = 2;

    /// <summary>Attention heads; must divide the width. 4 as in lm.train's defaults.</summary>
    [ConfigRange(1, 1024)]
    public int HeadCount { get; init; } = 4;
}

/// <summary>
/// Hyper-parameters of <c>lm.scaling</c>: a family of language models trained by <c>lm.train</c> on the same corpus
/// with the same token budget (steps × batch × context) and schedule, whose final validation losses L are fitted
/// against the non-embedding parameter count N by L(N) = (N_c/N)^α_N (Kaplan et al. 2020; eq. 6.3 of the notes).
/// </summary>
public sealed record LmScalingConfig : IDeviceConfig
{
    /// <summary>
    /// Training shared by every size: corpus, tokenizer, context, steps, batch, schedule, evaluation, as an lm.train
    /// config. Its embeddingSize, layerCount and headCount are ignored (<see cref="Sizes"/> sets them). When the file
    /// has a <c>train</c> object, the fields it leaves out take lm.train's defaults (the loader builds nested records
    /// from their own defaults), so these are lm.train's defaults too: 600 steps of 32 × 64 tokens per size.
    /// </summary>
    public LmTrainConfig Train { get; init; } = new();

    /// <summary>The family: five shapes with N = L(12d² + 13d) + 2d = 3,312, 14,496, 38,176, 113,184 and 200,064
    /// non-embedding parameters, 1.8 decades in N; each trains in a subdirectory of the run.</summary>
    public LmModelSize[] Sizes { get; init; } =
    [
        new() { EmbeddingSize = 16, LayerCount = 1, HeadCount = 2 },
        new() { EmbeddingSize = 24, LayerCount = 2, HeadCount = 2 },
        new() { EmbeddingSize = 32, LayerCount = 3 },
        new() { EmbeddingSize = 48, LayerCount = 4 },
        new() { EmbeddingSize = 64, LayerCount = 4 },
    ];

    /// <summary>Every size trains on <c>train.device</c>.</summary>
    string IDeviceConfig.Device => Train.Device;

    /// <inheritdoc/>
    string IDeviceConfig.DeviceKey => "train.device";
}
