using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// GPT-2's initialisation: weight matrices and embeddings from N(0, InitStd²), biases zero; matrices writing into the
/// residual stream may take a smaller <c>std</c> (<see cref="TransformerConfig.ResidualInitStd"/>).
/// </summary>
internal static class TransformerInit
{
    public static TorchSharp.Modules.Linear Linear(int inputs, int outputs, TransformerConfig config, ScalarType? dtype, Generator? generator,
        double? std = null)
    {
        var linear = SeededLayers.Linear(inputs, outputs, config.Bias, dtype, generator: generator);
        using (torch.no_grad())
        {
            SeededInit.normal_(linear.weight, 0, std ?? config.InitStd, generator);
            if (linear.bias is not null) SeededInit.zeros_(linear.bias);
        }
        return linear;
    }

    /// <summary>LayerNorm over the last dimension, with a shift only when the config has biases.</summary>
    public static ManagedLayerNorm LayerNorm(TransformerConfig config, ScalarType? dtype) =>
        new([config.EmbeddingSize], hasBias: config.Bias, dtype: dtype);

    public static ManagedEmbedding Embedding(int count, int size, TransformerConfig config, ScalarType? dtype, Generator? generator)
    {
        var embedding = SeededLayers.Embedding(count, size, dtype, generator: generator);
        using (torch.no_grad())
            SeededInit.normal_(embedding.weight, 0, config.InitStd, generator);
        return embedding;
    }
}
