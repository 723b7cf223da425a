using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// Keys and values of the positions a model has already seen, one entry per layer, so that generating a
/// new token computes attention for one query position instead of the whole context. The cache owns its
/// tensors (outside any dispose scope) and frees them when disposed.
/// </summary>
public sealed class KeyValueCache : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;

    /// <summary>An empty cache for a model of <paramref name="layerCount"/> blocks.</summary>
    public KeyValueCache(int layerCount)
    {
        _keys = new Tensor?[layerCount];
        _values = new Tensor?[layerCount];
    }

    /// <summary>The number of positions cached (0 when empty).</summary>
    public long Length => _keys[0]?.size(-2) ?? 0;

    /// <summary>
    /// Appends the new keys and values of layer <paramref name="layer"/> along the position axis (−2) and
    /// returns all of them; the returned tensors belong to the cache.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        _keys[layer] = Concat(_keys[layer], keys);
        _values[layer] = Concat(_values[layer], values);
        return (_keys[layer]!, _values[layer]!);
    }

    private static Tensor Concat(Tensor? cached, Tensor fresh)
    {
        var joined = cached is null ? fresh.detach() : torch.cat([cached, fresh.detach()], dim: -2);
        joined.DetachFromDisposeScope();
        cached?.Dispose();
        return joined;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
            tensor?.Dispose();
        Array.Clear(_keys);
        Array.Clear(_values);
    }
}
