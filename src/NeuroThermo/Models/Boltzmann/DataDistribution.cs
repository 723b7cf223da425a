using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Boltzmann;

/// <summary>
/// The empirical distribution of a data set of ±1 patterns over all 2^N configurations (code order of
/// <see cref="SpinConfigurations"/>), and its moments: what the KL divergence of eq. 4.26 and the clamped term of
/// Boltzmann learning need. Repeated patterns carry their multiplicity. Owns its tensors.
/// </summary>
public sealed class DataDistribution : IDisposable
{
    /// <summary>The empirical distribution of the rows of <paramref name="patterns"/> (M, N), N ≤ <see cref="BoltzmannMachine.MaxExactUnits"/>.</summary>
    public DataDistribution(Tensor patterns)
    {
        var n = SpinConfigurations.CheckBatch(patterns, null);
        if (n > BoltzmannMachine.MaxExactUnits)
            throw new ArgumentException($"An exact data distribution stops at {BoltzmannMachine.MaxExactUnits} units; the patterns have {n}.", nameof(patterns));
        if (patterns.size(0) < 1) throw new ArgumentException("A data set needs at least one pattern.", nameof(patterns));
        UnitCount = n;
        PatternCount = patterns.size(0);
        using var scope = torch.NewDisposeScope();
        var codes = SpinConfigurations.ToCodes(patterns);                                     // (M)
        var ones = torch.ones_like(codes, torch.float64);
        var counts = torch.zeros([1L << n], torch.float64).scatter_add(0, codes, ones);      // (2^N)
        Probabilities = (counts / PatternCount).DetachFromDisposeScope();
        Moments = SpinMoments.FromSamples(patterns);
        DistinctPatterns = counts.gt(0).sum().ItemAs<long>();
    }

    /// <summary>N.</summary>
    public int UnitCount { get; }

    /// <summary>M, the number of patterns counted with repetition.</summary>
    public long PatternCount { get; }

    /// <summary>How many configurations have nonzero probability.</summary>
    public long DistinctPatterns { get; }

    /// <summary>p_data(s) for all 2^N configurations, (2^N).</summary>
    public Tensor Probabilities { get; }

    /// <summary>⟨s_i⟩_data and ⟨s_i s_j⟩_data.</summary>
    public SpinMoments Moments { get; }

    /// <summary>The entropy −Σ p ln p of the data distribution in nats: ln(K) for K equally likely patterns.</summary>
    public double Entropy()
    {
        using var scope = torch.NewDisposeScope();
        var p = Probabilities;
        return -(p * p.clamp_min(double.Epsilon).log()).sum().ItemAs<double>();
    }

    public void Dispose()
    {
        Probabilities.Dispose();
        Moments.Dispose();
    }
}
