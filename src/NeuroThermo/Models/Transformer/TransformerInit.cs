using NeuroThermo.Torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>GPT-2's initialisation: weight matrices and embeddings from N(0, InitStd²), biases zero.</summary>
internal static class TransformerInit
{
    public static torch.nn.Linear Linear(int inputs, int outputs, TransformerConfig config, ScalarType? dtype, Generator? generator)
    {
        var linear = new torch.nn.Linear(inputs, outputs, config.Bias, dtype, generator: generator);
        using (torch.no_grad())
        {
            torch.nn.init.normal_(linear.weight, 0, config.InitStd, generator);
            if (linear.bias is not null) torch.nn.init.zeros_(linear.bias);
        }
        return linear;
    }

    public static torch.nn.Embedding Embedding(int count, int size, TransformerConfig config, ScalarType? dtype, Generator? generator)
    {
        var embedding = new torch.nn.Embedding(count, size, dtype, generator: generator);
        using (torch.no_grad())
            torch.nn.init.normal_(embedding.weight, 0, config.InitStd, generator);
        return embedding;
    }
}
