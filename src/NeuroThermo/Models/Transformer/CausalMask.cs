using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// The causal mask of self-attention: query i, at absolute position (keys − queries) + i, may attend to key j
/// only when j is not later than it. Masked scores become −∞, so their softmax weight is exactly 0.
/// </summary>
public static class CausalMask
{
    /// <summary>Scores (…, T_q, T_k) with every future key set to −∞.</summary>
    public static Tensor Apply(Tensor scores)
    {
        var queries = scores.size(-2);
        var keys = scores.size(-1);
        // One query after all the keys (a cached generation step) may see every key: nothing to mask.
        if (queries == 1)
            return scores.alias();
        using var allowed = torch.ones([queries, keys], scores.dtype).tril(keys - queries); // (T_q, T_k)
        using var future = allowed.eq(0);
        return scores.masked_fill(future, double.NegativeInfinity);
    }
}
