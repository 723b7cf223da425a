namespace NeuroThermo.Sampling.Statistics;

/// <summary>How <see cref="TimeSeries.Estimate"/> obtains the integrated autocorrelation time.</summary>
public enum TauIntMethod
{
    /// <summary>Sum of the normalised autocorrelation function with Sokal's self-consistent window (the default: the smaller statistical error).</summary>
    AutomaticWindow,

    /// <summary>½ σ²_bin/σ²_naive at the plateau of the binning analysis (no assumption on the shape of ρ(t)).</summary>
    Binning,
}

/// <summary>
/// Plain estimates of a Markov-chain time series x_1 … x_n: mean, naive error, and the error corrected for
/// autocorrelation, σ_x̄ = σ·√(2τ_int/n). The naive σ/√n is right only for independent samples; a chain whose
/// samples stay correlated for τ_int steps holds only n/(2τ_int) independent ones.
/// </summary>
public static class TimeSeries
{
    /// <summary>The arithmetic mean x̄ = (1/n) Σ x_t.</summary>
    public static double Mean(ReadOnlySpan<double> series)
    {
        SeriesChecks.Check(series, 1, nameof(series));
        return MeanUnchecked(series);
    }

    /// <summary>The unbiased sample variance (1/(n−1)) Σ (x_t − x̄)².</summary>
    public static double Variance(ReadOnlySpan<double> series)
    {
        SeriesChecks.Check(series, 2, nameof(series));
        return VarianceUnchecked(series, MeanUnchecked(series));
    }

    /// <summary>The naive standard error √(Var/n), right only when the samples are independent.</summary>
    public static double NaiveStandardError(ReadOnlySpan<double> series)
    {
        SeriesChecks.Check(series, 2, nameof(series));
        return Math.Sqrt(VarianceUnchecked(series, MeanUnchecked(series)) / series.Length);
    }

    /// <summary>
    /// The mean with its error corrected for autocorrelation, σ·√(2τ_int/n), τ_int from <paramref name="method"/>.
    /// A series that never changed gets error 0 and τ_int = NaN: it says only that the chain never moved.
    /// </summary>
    public static Estimate Estimate(ReadOnlySpan<double> series, TauIntMethod method = TauIntMethod.AutomaticWindow)
    {
        SeriesChecks.Check(series, 2, nameof(series));
        return method switch
        {
            TauIntMethod.AutomaticWindow => Autocorrelation.Analyze(series).ToEstimate(),
            TauIntMethod.Binning => BinningAnalysis.Analyze(series).ToEstimate(),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown τ_int method."),
        };
    }

    internal static double MeanUnchecked(ReadOnlySpan<double> series)
    {
        // A plain sum suffices: Monte Carlo series are O(1) numbers, and the variance is taken about this mean.
        var sum = 0.0;
        foreach (var x in series) sum += x;
        return sum / series.Length;
    }

    internal static double VarianceUnchecked(ReadOnlySpan<double> series, double mean)
    {
        // Two passes (mean first) rather than Σx² − n x̄², which cancels catastrophically when |x̄| ≫ σ.
        var sum = 0.0;
        foreach (var x in series) sum += (x - mean) * (x - mean);
        return sum / (series.Length - 1);
    }
}
