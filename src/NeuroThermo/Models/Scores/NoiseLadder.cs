namespace NeuroThermo.Models.Scores;

/// <summary>
/// A geometric ladder of noise levels σ_1 &gt; σ_2 &gt; … &gt; σ_L with a constant ratio σ_i/σ_{i+1}, as in
/// Song and Ermon (2019): the largest should be comparable to the largest distance between data points so that
/// p_{σ_1} connects the modes, the smallest small enough that p_{σ_L} is close to the data.
/// </summary>
public sealed class NoiseLadder
{
    private readonly double[] _sigmas;

    public NoiseLadder(double largest, double smallest, int levels)
    {
        if (!(smallest > 0) || double.IsInfinity(smallest)) throw new ArgumentOutOfRangeException(nameof(smallest), smallest, "The smallest σ must be finite and positive.");
        if (!(largest > smallest) || double.IsInfinity(largest)) throw new ArgumentOutOfRangeException(nameof(largest), largest, "The largest σ must be finite and above the smallest.");
        if (levels < 2) throw new ArgumentOutOfRangeException(nameof(levels), levels, "A ladder needs at least two levels.");
        _sigmas = new double[levels];
        var ratio = Math.Log(smallest / largest) / (levels - 1);
        for (var i = 0; i < levels; i++) _sigmas[i] = largest * Math.Exp(ratio * i);
        _sigmas[^1] = smallest;   // exact, whatever exp/log rounding did
    }

    /// <summary>σ_1 … σ_L, largest first.</summary>
    public IReadOnlyList<double> Sigmas => _sigmas;

    public int Levels => _sigmas.Length;

    public double Largest => _sigmas[0];

    public double Smallest => _sigmas[^1];
}
