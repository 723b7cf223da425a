namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// A finite-size extrapolation y_N = y_∞ + A·N^(−ω), linear in x = N^(−ω), fitted by weighted least squares; for the
/// SK ground-state energy per spin ω = 2/3 (e_N = e_∞ + A·N^(−2/3), the leading correction seen numerically and
/// predicted by the Parisi solution's finite-size theory).
/// </summary>
/// <param name="Limit">y_∞, the intercept at x = 0, with its error.</param>
/// <param name="Slope">A.</param>
/// <param name="Exponent">ω.</param>
/// <param name="ChiSquarePerDegreeOfFreedom">χ²/(n − 2); ≫ 1 says the errors are too small or the form misses a correction.</param>
public sealed record FiniteSizeExtrapolation(Estimate Limit, Estimate Slope, double Exponent, double ChiSquarePerDegreeOfFreedom)
{
    /// <summary>
    /// Fits y = y_∞ + A·N^(−<paramref name="exponent"/>) to one value per size with one-standard-deviation
    /// <paramref name="errors"/>. The parameter errors come from (XᵀWX)⁻¹ scaled up by √(χ²/dof) when that exceeds 1,
    /// so a poor fit does not report the precision of a good one.
    /// </summary>
    public static FiniteSizeExtrapolation Fit(IReadOnlyList<double> sizes, IReadOnlyList<double> values, IReadOnlyList<double> errors, double exponent)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var n = sizes.Count;
        if (values.Count != n || errors.Count != n)
            throw new ArgumentException($"Give one value and one error per size: {n} sizes, {values.Count} values, {errors.Count} errors.", nameof(values));
        if (!(exponent > 0) || !double.IsFinite(exponent))
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The correction exponent must be positive and finite.");
        for (var i = 0; i < n; i++)
        {
            SeriesChecks.CheckPositive(sizes[i], nameof(sizes), $"Size {i} ({sizes[i]})");
            SeriesChecks.CheckPositive(errors[i], nameof(errors), $"Error {i} ({errors[i]})");
            if (!double.IsFinite(values[i])) throw new ArgumentException($"Value {i} ({values[i]}) is not finite.", nameof(values));
        }
        if (sizes.Distinct().Count() < 2) throw new ArgumentException("An extrapolation needs at least two different sizes.", nameof(sizes));

        var x = sizes.Select(s => Math.Pow(s, -exponent)).ToArray();
        var y = values.ToArray();
        var w = errors.Select(e => 1 / (e * e)).ToArray();
        // Centring at x = 0 makes c₀ the limit itself, with its variance read straight off the covariance.
        var scale = x.Max();
        var (c, covariance) = LeastSquares.Polynomial(x, y, w, degree: 1, center: 0, scale);
        var chiSquare = Enumerable.Range(0, n).Sum(i => w[i] * Math.Pow(y[i] - LeastSquares.Evaluate(c, x[i], 0, scale), 2));
        var dof = n - 2;
        var chiPerDof = dof > 0 ? chiSquare / dof : double.NaN;
        var inflation = dof > 0 ? Math.Max(1, chiPerDof) : 1;
        return new FiniteSizeExtrapolation(
            new Estimate(c[0], Math.Sqrt(inflation * covariance[0, 0]), double.NaN, n),
            new Estimate(c[1] / scale, Math.Sqrt(inflation * covariance[1, 1]) / scale, double.NaN, n),
            exponent, chiPerDof);
    }

    /// <summary>y_∞ + A·N^(−ω) at <paramref name="size"/>.</summary>
    public double At(double size) => Limit.Mean + Slope.Mean * Math.Pow(size, -Exponent);
}
