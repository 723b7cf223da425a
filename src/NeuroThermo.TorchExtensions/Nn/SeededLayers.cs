using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// TorchSharp's own layer types with PyTorch's initial weights drawn from an explicit generator (see
/// <see cref="SeededInit"/>), so a run seeded in one place is reproducible. The modules are ordinary
/// <c>TorchSharp.Modules.Linear</c> and <c>Embedding</c>, with the keys <c>weight</c> and <c>bias</c>.
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
        var weight = new Parameter(empty([outFeatures, inFeatures], dtype, device));
        SeededInit.kaiming_uniform_(weight, a: Math.Sqrt(5), generator: generator);
        Parameter? bias = null;
        if (hasBias)
        {
            double bound = 1 / Math.Sqrt(inFeatures);
            bias = new Parameter(empty([outFeatures], dtype, device));
            SeededInit.uniform_(bias, -bound, bound, generator);
        }
        var layer = nn.Linear(weight, bias);
        scope.MoveToOuter(weight);
        if (bias is not null) scope.MoveToOuter(bias);
        return layer;
    }

    /// <summary>A lookup table of <paramref name="count"/> vectors of size <paramref name="dimension"/>, drawn from N(0, 1).</summary>
    public static Embedding Embedding(long count, long dimension, ScalarType? dtype = null, Device? device = null, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var layer = nn.Embedding(count, dimension, device: device, dtype: dtype);
        SeededInit.normal_(layer.weight!, generator: generator);
        return layer;
    }
}
