namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// The integrated autocorrelation time from the normalised autocorrelation function ρ(t) summed to a window W,
/// τ_int(W) = ½ + Σ_{t=1}^{W} ρ(t), with its error and the function itself.
/// </summary>
/// <param name="Mean">x̄ of the series.</param>
/// <param name="Variance">The unbiased sample variance σ².</param>
/// <param name="TauInt">τ_int(W) at the chosen window; ½ for independent samples, NaN for a constant series.</param>
/// <param name="TauIntError">Madras–Sokal error τ_int·√(2(2W + 1)/n).</param>
/// <param name="Window">The window W, the smallest W ≥ c·τ_int(W).</param>
/// <param name="Function">ρ(0) = 1, ρ(1), …, ρ(W).</param>
/// <param name="SampleCount">n.</param>
public sealed record AutocorrelationAnalysis(
    double Mean, double Variance, double TauInt, double TauIntError, int Window, double[] Function, int SampleCount)
{
    /// <summary>The mean with error √(2τ_int σ²/n); error 0 and τ_int NaN for a series that never changed.</summary>
    public Estimate ToEstimate() => double.IsNaN(TauInt)
        ? new Estimate(Mean, 0, double.NaN, SampleCount)
        : new Estimate(Mean, Math.Sqrt(2 * TauInt * Variance / SampleCount), TauInt, SampleCount);
}

/// <summary>
/// The autocorrelation function of a time series and the integrated autocorrelation time by Sokal's automatic
/// windowing. Summing ρ(t) to the end of the series would add noise of order √(n/n) = O(1) (the tail is all noise);
/// stopping at W ≈ c·τ_int keeps the bias (the neglected tail, ~e^{−c}) and the variance (∝ W/n) both small.
/// </summary>
public static class Autocorrelation
{
    /// <summary>c = 6: the truncated tail of an exponential ρ is e^{−6} ≈ 0.25 % of τ_int, and the variance stays ∝ 2(2W+1)/n.</summary>
    public const double DefaultWindowFactor = 6;

    /// <summary>ρ(t) = C(t)/C(0) for t = 0 … <paramref name="maxLag"/>, C(t) = (1/n) Σ_{i&lt;n−t} (x_i − x̄)(x_{i+t} − x̄).</summary>
    /// <remarks>
    /// The 1/n normalisation (rather than 1/(n − t)) keeps the estimate positive definite and its variance
    /// small at large t; at the lags that matter (t ≪ n) the two differ by t/n.
    /// </remarks>
    public static double[] Function(ReadOnlySpan<double> series, int maxLag)
    {
        SeriesChecks.Check(series, 2, nameof(series));
        if (maxLag < 0 || maxLag >= series.Length)
            throw new ArgumentOutOfRangeException(nameof(maxLag), maxLag, $"The largest lag must lie in [0, n − 1] = [0, {series.Length - 1}].");
        var deviations = Deviations(series, out _);
        var c0 = Covariance(deviations, 0);
        var rho = new double[maxLag + 1];
        for (var t = 0; t <= maxLag; t++) rho[t] = c0 == 0 ? double.NaN : Covariance(deviations, t) / c0;
        return rho;
    }

    /// <summary>
    /// τ_int with Sokal's window: the smallest W with W ≥ <paramref name="windowFactor"/> · τ_int(W).
    /// Throws when the series is too short for such a window (W would pass n/4): the chain must then run longer.
    /// </summary>
    public static AutocorrelationAnalysis Analyze(ReadOnlySpan<double> series, double windowFactor = DefaultWindowFactor)
    {
        SeriesChecks.Check(series, 2, nameof(series));
        SeriesChecks.CheckPositive(windowFactor, nameof(windowFactor), "The window factor c");
        var n = series.Length;
        var deviations = Deviations(series, out var mean);
        var c0 = Covariance(deviations, 0);
        var variance = c0 * n / (n - 1);
        if (c0 == 0) return new AutocorrelationAnalysis(mean, 0, double.NaN, double.NaN, 0, [1.0], n);

        var rho = new List<double> { 1.0 };
        var tau = 0.5;
        var maxWindow = n / 4;
        for (var w = 1; w <= maxWindow; w++)
        {
            // ρ(t) is computed only as far as the window needs: O(n·W) work, no FFT needed for τ_int ≪ n.
            var r = Covariance(deviations, w) / c0;
            rho.Add(r);
            tau += r;
            if (w >= windowFactor * tau)
            {
                var error = tau * Math.Sqrt(2.0 * (2 * w + 1) / n);
                return new AutocorrelationAnalysis(mean, variance, tau, error, w, [.. rho], n);
            }
        }
        throw new ArgumentException(
            $"The series of {n} samples is too short to estimate τ_int: up to lag n/4 = {maxWindow} the window never reached "
            + $"{windowFactor}·τ_int (τ_int ≳ {tau:G3}); run the chain at least {Math.Ceiling(4 * windowFactor * tau / n * 10) / 10:G3} times longer.",
            nameof(series));
    }

    private static double[] Deviations(ReadOnlySpan<double> series, out double mean)
    {
        mean = TimeSeries.MeanUnchecked(series);
        var deviations = new double[series.Length];
        for (var i = 0; i < series.Length; i++) deviations[i] = series[i] - mean;
        return deviations;
    }

    private static double Covariance(double[] deviations, int lag)
    {
        var n = deviations.Length;
        var count = n - lag;
        // Four partial sums let the loop pipeline; the order of summation does not matter at this precision.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 3 < count; i += 4)
        {
            s0 += deviations[i] * deviations[i + lag];
            s1 += deviations[i + 1] * deviations[i + lag + 1];
            s2 += deviations[i + 2] * deviations[i + lag + 2];
            s3 += deviations[i + 3] * deviations[i + lag + 3];
        }
        for (; i < count; i++) s0 += deviations[i] * deviations[i + lag];
        return (s0 + s1 + s2 + s3) / n;
    }
}
