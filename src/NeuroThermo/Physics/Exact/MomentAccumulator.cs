namespace NeuroThermo.Physics.Exact;

/// <summary>
/// Running ln Z, energy mean and variance, and up-count distribution for several β at once, merged chunk by chunk.
/// </summary>
/// <remarks>
/// Each chunk arrives as its own log-weight ℓ_c = ln Σ_{s∈c} e^{−βE(s)}, mean, variance and normalised up-count
/// distribution. Two groups with weights W_a, W_b merge as ln W = logaddexp(ℓ_a, ℓ_b), p_a = W_a/W, p_b = W_b/W,
/// μ = p_a μ_a + p_b μ_b, σ² = p_a σ_a² + p_b σ_b² + p_a p_b (μ_b − μ_a)² (Chan et al.), so that no weight is ever
/// exponentiated outside [0, 1] and no variance is formed as a difference of large second moments.
/// </remarks>
internal sealed class MomentAccumulator
{
    private readonly double[] _logWeight;
    private readonly double[] _mean;
    private readonly double[] _variance;
    private readonly double[,] _upCounts;   // (B, N + 1), normalised

    public MomentAccumulator(IReadOnlyList<double> betas, int spins)
    {
        Betas = betas;
        SpinCount = spins;
        _logWeight = Enumerable.Repeat(double.NegativeInfinity, betas.Count).ToArray();
        _mean = new double[betas.Count];
        _variance = new double[betas.Count];
        _upCounts = new double[betas.Count, spins + 1];
    }

    public IReadOnlyList<double> Betas { get; }

    public int SpinCount { get; }

    /// <summary>ln Z accumulated so far for β index <paramref name="b"/>.</summary>
    public double LogWeight(int b) => _logWeight[b];

    /// <summary>
    /// Merges one chunk for β index <paramref name="b"/>. <paramref name="upCounts"/> is the chunk's up-count distribution
    /// (normalised to 1) as (offset, values) runs, or empty when the distribution is not tracked.
    /// </summary>
    public void Add(int b, double logWeight, double mean, double variance, ReadOnlySpan<(int Offset, double[] Values)> upCounts)
    {
        var merged = Numerics.LogAddExp(_logWeight[b], logWeight);
        var pOld = double.IsNegativeInfinity(_logWeight[b]) ? 0 : Math.Exp(_logWeight[b] - merged);
        var pNew = Math.Exp(logWeight - merged);
        var shift = mean - _mean[b];
        _variance[b] = pOld * _variance[b] + pNew * variance + pOld * pNew * shift * shift;
        _mean[b] = pOld * _mean[b] + pNew * mean;
        _logWeight[b] = merged;
        for (var k = 0; k <= SpinCount; k++) _upCounts[b, k] *= pOld;
        foreach (var (offset, values) in upCounts)
        {
            for (var k = 0; k < values.Length; k++) _upCounts[b, offset + k] += pNew * values[k];
        }
    }

    /// <summary>The accumulated thermodynamics, one point per β.</summary>
    public IReadOnlyList<ThermodynamicPoint> Results()
    {
        var points = new ThermodynamicPoint[Betas.Count];
        for (var b = 0; b < points.Length; b++)
        {
            var distribution = new double[SpinCount + 1];
            for (var k = 0; k <= SpinCount; k++) distribution[k] = _upCounts[b, k];
            points[b] = new ThermodynamicPoint(SpinCount, Betas[b], _logWeight[b], _mean[b], Math.Max(0, _variance[b]), distribution);
        }
        return points;
    }
}
