using System.Globalization;

namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// A Monte Carlo estimate: the value, its one-standard-deviation error and, for a plain time-series mean, the
/// integrated autocorrelation time that widened the error from the naive σ/√n to σ·√(2τ_int/n).
/// </summary>
/// <param name="Mean">The estimate itself (for jackknife estimates the bias-corrected value).</param>
/// <param name="StandardError">One standard deviation of <paramref name="Mean"/>, correlations included.</param>
/// <param name="TauInt">
/// Integrated autocorrelation time in units of samples (½ for independent samples). NaN when no single time
/// applies: a derived quantity from the jackknife, a fit, or a series that never changed.
/// </param>
/// <param name="SampleCount">How many samples (or for derived quantities, independent pieces) went in.</param>
public sealed record Estimate(double Mean, double StandardError, double TauInt, int SampleCount)
{
    /// <summary>Samples worth one independent sample, n / (2τ_int); NaN when <see cref="TauInt"/> is.</summary>
    public double EffectiveSampleCount => SampleCount / (2 * TauInt);

    /// <summary>Reads like "0.41237 ± 0.00052 (τ_int = 3.1, n = 100000)", the error to two significant digits.</summary>
    public override string ToString()
    {
        var digits = StandardError > 0 && double.IsFinite(StandardError)
            ? Math.Clamp(1 - (int)Math.Floor(Math.Log10(StandardError)), 0, 15)
            : 6;
        var format = "F" + digits.ToString(CultureInfo.InvariantCulture);
        var value = Mean.ToString(format, CultureInfo.InvariantCulture);
        var error = StandardError.ToString(format, CultureInfo.InvariantCulture);
        var tau = double.IsNaN(TauInt) ? "" : $"τ_int = {TauInt.ToString("G3", CultureInfo.InvariantCulture)}, ";
        return $"{value} ± {error} ({tau}n = {SampleCount})";
    }
}
