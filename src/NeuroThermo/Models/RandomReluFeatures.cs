using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models;

/// <summary>
/// Random ReLU features φ_k(x) = max(0, w_k · x), k = 1 … p, with fixed Gaussian w_k ~ N(0, I/d) drawn once
/// (Belkin et al., "Reconciling modern machine-learning practice and the classical bias–variance trade-off").
/// The features are nested: the first p of a larger set are the features of size p, so a sweep over p changes
/// one thing at a time.
/// </summary>
public sealed class RandomReluFeatures : IDisposable
{
    private readonly Tensor weights;

    /// <summary>Draws <paramref name="maxFeatures"/> weight vectors of dimension <paramref name="inputs"/> from <paramref name="generator"/>.</summary>
    public RandomReluFeatures(int inputs, long maxFeatures, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFeatures, 1);
        using var scope = torch.NewDisposeScope();
        weights = (torch.randn([maxFeatures, inputs], generator: generator) / Math.Sqrt(inputs)).DetachFromDisposeScope(); // (P, d)
    }

    /// <summary>The largest feature count available.</summary>
    public long MaxFeatures => weights.size(0);

    /// <summary>φ(x) with the first <paramref name="features"/> weight vectors: (N, d) → (N, p), in float32.</summary>
    public Tensor Transform(Tensor inputs, long features)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(features, MaxFeatures);
        using var scope = torch.NewDisposeScope();
        var w = weights.narrow(0, 0, features);                                  // (p, d)
        return Guarded.matmul(inputs.to(ScalarType.Float32), w.t()).relu().MoveToOuterDisposeScope(); // (N, p)
    }

    /// <inheritdoc/>
    public void Dispose() => weights.Dispose();
}
