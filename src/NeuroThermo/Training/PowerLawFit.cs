namespace NeuroThermo.Training;

/// <summary>
/// A fit of Kaplan et al.'s L(N) = (N_c / N)^α (eq. 6.3 of the notes) by ordinary least squares in log–log space:
/// ln L = α ln N_c − α ln N is a straight line y = a + b x in x = ln N, y = ln L with slope b = −α and intercept
/// a = α ln N_c. Standard errors come from the residual variance s² = RSS / (n − 2) and the covariance matrix
/// s² (XᵀX)⁻¹ of (a, b); the error of ln N_c = −a/b follows by the delta method (first-order propagation with the
/// covariance of a and b, which is strongly negative when the x are far from 0).
/// </summary>
/// <param name="Exponent">α_N.</param>
/// <param name="ExponentError">Standard error of α_N.</param>
/// <param name="LogScale">ln N_c.</param>
/// <param name="LogScaleError">Standard error of ln N_c; N_c is known to within a factor e^{±error}.</param>
/// <param name="ResidualStandardDeviation">s, the scatter of ln L about the line (relative error of L).</param>
/// <param name="PointCount">n, the number of (N, L) points.</param>
public sealed record PowerLawFit(
    double Exponent, double ExponentError, double LogScale, double LogScaleError, double ResidualStandardDeviation, int PointCount)
{
    /// <summary>N_c.</summary>
    public double Scale => Math.Exp(LogScale);

    /// <summary>The fitted L(N) = (N_c / N)^α.</summary>
    public double Predict(double n) => Math.Exp(Exponent * (LogScale - Math.Log(n)));

    /// <summary>Fits n ≥ 3 points (n − 2 degrees of freedom are needed for an error) with positive N, positive L and
    /// at least two distinct N.</summary>
    public static PowerLawFit Fit(IReadOnlyList<double> sizes, IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(losses);
        if (sizes.Count != losses.Count)
            throw new ArgumentException($"{sizes.Count} sizes but {losses.Count} losses.", nameof(losses));
        if (sizes.Count < 3)
            throw new ArgumentException($"A power law with an error needs at least 3 points, got {sizes.Count}.", nameof(sizes));
        if (sizes.Concat(losses).Any(v => !(v > 0) || double.IsInfinity(v)))
            throw new ArgumentException("Sizes and losses must be finite and positive to be fitted in log–log space.", nameof(sizes));
        var x = sizes.Select(s => Math.Log(s)).ToArray();
        var y = losses.Select(l => Math.Log(l)).ToArray();
        var n = x.Length;
        var xMean = x.Average();
        var yMean = y.Average();
        // Centred sums: the textbook Σx² − n x̄² loses digits when every x is near ln 10⁵ ≈ 11.5.
        var sxx = x.Sum(xi => (xi - xMean) * (xi - xMean));
        if (sxx == 0)
            throw new ArgumentException("All sizes are equal; a slope needs at least two different N.", nameof(sizes));
        var sxy = x.Zip(y, (xi, yi) => (xi - xMean) * (yi - yMean)).Sum();
        var slope = sxy / sxx;
        var intercept = yMean - slope * xMean;
        var rss = x.Zip(y, (xi, yi) => Math.Pow(yi - intercept - slope * xi, 2)).Sum();
        var residualVariance = rss / (n - 2);
        // s²(XᵀX)⁻¹ for the design [1, x]: Var b = s²/Sxx, Var a = s²(1/n + x̄²/Sxx), Cov(a, b) = −s² x̄/Sxx.
        var slopeVariance = residualVariance / sxx;
        var interceptVariance = residualVariance * (1.0 / n + xMean * xMean / sxx);
        var covariance = -residualVariance * xMean / sxx;
        // ln N_c = g(a, b) = −a/b; ∂g/∂a = −1/b, ∂g/∂b = a/b².
        var (ga, gb) = (-1 / slope, intercept / (slope * slope));
        var logScaleVariance = ga * ga * interceptVariance + gb * gb * slopeVariance + 2 * ga * gb * covariance;
        return new PowerLawFit(-slope, Math.Sqrt(slopeVariance), -intercept / slope, Math.Sqrt(Math.Max(0, logScaleVariance)),
            Math.Sqrt(residualVariance), n);
    }
}
