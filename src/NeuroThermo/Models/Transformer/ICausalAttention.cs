using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>Causal self-attention that can extend a <see cref="KeyValueCache"/> while it attends.</summary>
public interface ICausalAttention
{
    /// <summary>
    /// Attention of the positions in <paramref name="x"/> (B, T, d_model) to themselves and, with a cache, to
    /// every cached position before them; the new keys and values are appended to layer
    /// <paramref name="layer"/> of the cache. Returns (B, T, d_model).
    /// </summary>
    Tensor Attend(Tensor x, KeyValueCache? cache, int layer);
}
