using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Boltzmann;

/// <summary>
/// The first and second moments of ±1 units that Boltzmann learning matches: ⟨s_i⟩ (N) and ⟨s_i s_j⟩ (N, N), the
/// latter with a unit diagonal. The sufficient statistics of the pairwise model, so a data set enters learning only
/// through them. Owns its tensors.
/// </summary>
public sealed class SpinMoments : IDisposable
{
    /// <summary>Takes ownership of <paramref name="means"/> (N) and <paramref name="correlations"/> (N, N).</summary>
    public SpinMoments(Tensor means, Tensor correlations)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(correlations);
        if (means.dim() != 1 || correlations.dim() != 2 || correlations.size(0) != means.size(0) || correlations.size(1) != means.size(0))
            throw new ArgumentException($"Moments need means (N) and correlations (N, N); got [{string.Join(", ", means.shape)}] and [{string.Join(", ", correlations.shape)}].", nameof(correlations));
        Means = means.DetachFromDisposeScope();
        Correlations = correlations.DetachFromDisposeScope();
    }

    /// <summary>⟨s_i⟩, (N).</summary>
    public Tensor Means { get; }

    /// <summary>⟨s_i s_j⟩, (N, N).</summary>
    public Tensor Correlations { get; }

    /// <summary>N.</summary>
    public int UnitCount => (int)Means.size(0);

    /// <summary>The sample averages of the rows of <paramref name="samples"/> (M, N), float64 ±1.</summary>
    public static SpinMoments FromSamples(Tensor samples)
    {
        SpinConfigurations.CheckBatch(samples, null);
        if (samples.size(0) < 1) throw new ArgumentException("Moments need at least one sample.", nameof(samples));
        using var scope = torch.NewDisposeScope();
        var rows = samples.to(torch.float64);
        var means = rows.mean([0L]);                                  // (N)
        var correlations = Guarded.matmul(rows.t(), rows) / rows.size(0);      // (N, N)
        return new SpinMoments(means.MoveToOuterDisposeScope(), correlations.MoveToOuterDisposeScope());
    }

    /// <summary>The averages over configurations <paramref name="states"/> (K, N) weighted by <paramref name="probabilities"/> (K), which sum to 1.</summary>
    public static SpinMoments FromDistribution(Tensor states, Tensor probabilities)
    {
        SpinConfigurations.CheckBatch(states, null);
        using var scope = torch.NewDisposeScope();
        var means = Guarded.matmul(probabilities, states);                               // (N)
        var correlations = Guarded.matmul(states.t(), states * probabilities.unsqueeze(1));   // (N, N)
        return new SpinMoments(means.MoveToOuterDisposeScope(), correlations.MoveToOuterDisposeScope());
    }

    /// <summary>The connected correlations C_ij = ⟨s_i s_j⟩ − ⟨s_i⟩⟨s_j⟩, (N, N), a new tensor.</summary>
    public Tensor ConnectedCorrelations()
    {
        using var outer = Means.outer(Means);
        return Correlations - outer;
    }

    /// <summary>
    /// The largest |difference| between these moments and <paramref name="other"/>'s, over ⟨s_i⟩ and the off-diagonal
    /// ⟨s_i s_j⟩: the residual of moment matching, zero exactly at a stationary point of Boltzmann learning.
    /// </summary>
    public double LargestDifference(SpinMoments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        using var scope = torch.NewDisposeScope();
        var means = (Means - other.Means).abs().max().ItemAs<double>();
        var pairs = (Correlations - other.Correlations).abs().max().ItemAs<double>();   // the diagonals are both 1
        return Math.Max(means, pairs);
    }

    public void Dispose()
    {
        Means.Dispose();
        Correlations.Dispose();
    }
}
