namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// A power law y = a·L^p fitted to finite-size data on a log-log scale, e.g. χ_max ∝ L^{γ/ν} or ξ(T_c) ∝ L.
/// </summary>
/// <param name="Amplitude">a, with error a·σ_{ln a}.</param>
/// <param name="Exponent">p with its error from the covariance of the fit.</param>
/// <param name="ChiSquarePerDegreeOfFreedom">χ²/(n − 2) in ln y; ≫ 1 says the errors are too small or corrections to scaling matter (drop the smallest L).</param>
public sealed record PowerLawFit(Estimate Amplitude, Estimate Exponent, double ChiSquarePerDegreeOfFreedom)
{
    /// <summary>
    /// Fits ln y = ln a + p ln L by weighted least squares with σ_{ln y} = σ_y/y. With <paramref name="errors"/> the
    /// parameter errors come from (XᵀWX)⁻¹ alone (errors taken at face value); without, every point weighs the same
    /// and the errors are scaled by the residual variance, which needs at least 3 points.
    /// </summary>
    public static PowerLawFit Fit(IReadOnlyList<double> sizes, IReadOnlyList<double> values, IReadOnlyList<double>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(values);
        var n = sizes.Count;
        if (values.Count != n)
            throw new ArgumentException($"{values.Count} values for {n} sizes; give one value per size.", nameof(values));
        if (errors is not null && errors.Count != n)
            throw new ArgumentException($"{errors.Count} errors for {n} sizes; give one error per size.", nameof(errors));
        var minimum = errors is null ? 3 : 2;
        if (n < minimum)
            throw new ArgumentException($"A power-law fit {(errors is null ? "without errors " : "")}needs at least {minimum} sizes; got {n}.", nameof(sizes));
        for (var i = 0; i < n; i++)
        {
            SeriesChecks.CheckPositive(sizes[i], nameof(sizes), $"Size {i} ({sizes[i]})");
            SeriesChecks.CheckPositive(values[i], nameof(values), $"Value {i} ({values[i]}) of a log-log fit");
            if (errors is not null) SeriesChecks.CheckPositive(errors[i], nameof(errors), $"Error {i} ({errors[i]})");
        }
        if (sizes.Distinct().Count() < 2) throw new ArgumentException("A power-law fit needs at least two different sizes.", nameof(sizes));

        var x = sizes.Select(s => Math.Log(s)).ToArray();
        var y = values.Select(v => Math.Log(v)).ToArray();
        var w = Enumerable.Range(0, n).Select(i => errors is null ? 1.0 : Math.Pow(values[i] / errors[i], 2)).ToArray();
        var center = x.Average();
        var (c, covariance) = LeastSquares.Polynomial(x, y, w, degree: 1, center, scale: 1);
        var chiSquare = Enumerable.Range(0, n).Sum(i => w[i] * Math.Pow(y[i] - LeastSquares.Evaluate(c, x[i], center, 1), 2));
        var dof = n - 2;
        var scale = errors is null ? chiSquare / dof : 1;

        // ln a = c₀ − p·center, so Var(ln a) = Var(c₀) + center² Var(p) − 2 center Cov(c₀, p).
        var p = c[1];
        var logA = c[0] - p * center;
        var varLogA = scale * (covariance[0, 0] + center * center * covariance[1, 1] - 2 * center * covariance[0, 1]);
        var a = Math.Exp(logA);
        return new PowerLawFit(
            new Estimate(a, a * Math.Sqrt(varLogA), double.NaN, n),
            new Estimate(p, Math.Sqrt(scale * covariance[1, 1]), double.NaN, n),
            dof > 0 ? chiSquare / dof : double.NaN);
    }
}
