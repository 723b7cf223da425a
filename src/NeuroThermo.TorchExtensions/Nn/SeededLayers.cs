using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// Layers with PyTorch's initial weights drawn from an explicit generator (see <see cref="SeededInit"/>), so a run
/// seeded in one place is reproducible: TorchSharp's own <c>Linear</c> (keys <c>weight</c>, <c>bias</c>) and a
/// <see cref="ManagedEmbedding"/> (key <c>weight</c>). Their parameters belong to no dispose scope.
/// </summary>
public static class SeededLayers
{
    /// <summary>y = x Wᵀ + b, with W (out, in) from kaiming_uniform_(a = √5) and b from U(−1/√in, 1/√in), as PyTorch draws them.</summary>
    public static Linear Linear(long inFeatures, long outFeatures, bool hasBias = true, ScalarType? dtype = null, Device? device = null,
        Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        using var scope = NewDisposeScope();
        var weight = Parameters.Create(empty([outFeatures, inFeatures], dtype, device));
        SeededInit.kaiming_uniform_(weight, a: Math.Sqrt(5), generator: generator);
        Parameter? bias = null;
        if (hasBias)
        {
            double bound = 1 / Math.Sqrt(inFeatures);
            bias = Parameters.Create(empty([outFeatures], dtype, device));
            SeededInit.uniform_(bias, -bound, bound, generator);
        }
        return nn.Linear(weight, bias);
    }

    /// <summary>A lookup table of <paramref name="count"/> vectors of size <paramref name="dimension"/>, drawn from N(0, 1).</summary>
    public static ManagedEmbedding Embedding(long count, long dimension, ScalarType? dtype = null, Device? device = null, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        using var scope = NewDisposeScope();
        var weight = empty([count, dimension], dtype, device);
        SeededInit.normal_(weight, generator: generator);
        return new ManagedEmbedding(weight);
    }
}
