namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// Jackknife errors for quantities derived from several means, θ = f(⟨x⟩, ⟨y⟩, …) — ratios, cumulants, variances —
/// where propagating the errors of the means by hand would need their covariances.
/// </summary>
/// <remarks>
/// The series are cut into M bins of equal length (the n mod M samples left over are dropped at the start, the least
/// equilibrated part). θ_i is f of the means with bin i left out; then
/// σ_θ² = ((M − 1)/M) Σ_i (θ_i − θ̄)² and the bias-corrected value is M·θ̂ − (M − 1)·θ̄, θ̂ = f(all means).
/// Bins must be much longer than τ_int for the bins to be independent; with M bins the error itself is known
/// to about 1/√(2(M − 1)) relative.
/// </remarks>
public static class Jackknife
{
    /// <summary>M = 32 bins: the error of the error is ~13 %, and bins stay long for chains of 10⁴ or more samples.</summary>
    public const int DefaultBinCount = 32;

    /// <summary>θ = <paramref name="function"/>(⟨x⟩) of one series.</summary>
    public static Estimate Estimate(double[] series, Func<double, double> function, int binCount = DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(function);
        return Estimate([series], means => function(means[0]), binCount);
    }

    /// <summary>
    /// θ = <paramref name="function"/>(⟨x₀⟩, ⟨x₁⟩, …) of paired series (sample t of every series comes from the same
    /// configuration); the function receives the means in the order of <paramref name="series"/>.
    /// </summary>
    public static Estimate Estimate(IReadOnlyList<double[]> series, Func<double[], double> function, int binCount = DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(function);
        var n = SeriesChecks.CheckSameLength(series, 2, nameof(series));
        return FromBinMeans(BinMeans(series, n, binCount), function);
    }

    /// <summary>
    /// The means of <paramref name="series"/> in <paramref name="binCount"/> equal bins, shape (M)(V): bin-major,
    /// one entry per series. Shared by every jackknife in this folder.
    /// </summary>
    internal static double[][] BinMeans(IReadOnlyList<double[]> series, int length, int binCount)
    {
        CheckBinCount(binCount, length);
        var binSize = length / binCount;
        var offset = length - binCount * binSize;
        var means = new double[binCount][];
        for (var b = 0; b < binCount; b++)
        {
            means[b] = new double[series.Count];
            for (var v = 0; v < series.Count; v++)
                means[b][v] = TimeSeries.MeanUnchecked(series[v].AsSpan(offset + b * binSize, binSize));
        }
        return means;
    }

    /// <summary>The jackknife estimate of <paramref name="function"/> from per-bin means (M)(V) of equal-size bins.</summary>
    internal static Estimate FromBinMeans(double[][] binMeans, Func<double[], double> function)
    {
        var m = binMeans.Length;
        var variables = binMeans[0].Length;
        var total = new double[variables];
        foreach (var bin in binMeans)
            for (var v = 0; v < variables; v++) total[v] += bin[v];

        var full = function(total.Select(t => t / m).ToArray());
        var leftOut = new double[m];
        var leaveOneOut = new double[variables];
        for (var i = 0; i < m; i++)
        {
            for (var v = 0; v < variables; v++) leaveOneOut[v] = (total[v] - binMeans[i][v]) / (m - 1);
            leftOut[i] = function(leaveOneOut);
        }
        var average = leftOut.Average();
        var spread = leftOut.Sum(theta => (theta - average) * (theta - average));
        return new Estimate(m * full - (m - 1) * average, Math.Sqrt((m - 1.0) / m * spread), double.NaN, m);
    }

    internal static void CheckBinCount(int binCount, int length)
    {
        if (binCount < 2)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "The jackknife needs at least 2 bins.");
        if (binCount > length)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, $"{binCount} bins need at least as many samples; the series have {length}.");
    }
}
