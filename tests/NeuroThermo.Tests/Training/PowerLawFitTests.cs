using NeuroThermo.Training;

namespace NeuroThermo.Tests.Training;

/// <summary>
/// <see cref="PowerLawFit"/> recovers a known L(N) = (N_c/N)^α, and its standard errors describe the spread of the
/// estimates over repeated noisy draws.
/// </summary>
public sealed class PowerLawFitTests
{
    // Exact points: the fit is a few sums of logarithms, so only rounding of order 1e-15 × 30 remains.
    private const double ExactTol = 1e-10;

    // 4,000 draws: the empirical SD of an estimate has a relative sampling error of 1/√(2·4000) ≈ 1.1 %, and
    // √mean(SE²) one of about √(2/3/4000) / 2 ≈ 0.7 %; 6 % is over four combined standard deviations.
    private const double SpreadTol = 0.06;
    private const int Draws = 4000;

    // Five sizes, half a decade apart, as lm.scaling uses.
    private static readonly double[] Sizes = [1e4, 3.16e4, 1e5, 3.16e5, 1e6];

    [Theory]
    [InlineData(0.076, 8.8e13)] // Kaplan et al.'s α_N and N_c
    [InlineData(0.5, 1e5)]
    public void ExactPoints_GiveTheirExponentAndScale(double alpha, double scale)
    {
        var losses = Sizes.Select(n => Math.Pow(scale / n, alpha)).ToArray();
        var fit = PowerLawFit.Fit(Sizes, losses);
        Assert.Equal(alpha, fit.Exponent, alpha * ExactTol);
        Assert.Equal(Math.Log(scale), fit.LogScale, Math.Log(scale) * ExactTol);
        Assert.True(fit.ExponentError < ExactTol, $"SE(α) = {fit.ExponentError} for exact points");
        Assert.Equal(losses[2], fit.Predict(Sizes[2]), losses[2] * ExactTol);
    }

    [Fact]
    public void StandardErrors_MatchTheSpreadOfRepeatedNoisyFits()
    {
        const double alpha = 0.3, logScale = 20.7, noise = 0.02; // N_c ≈ 1e9; 2 % scatter in L
        // Student's t with 3 degrees of freedom: 95 % of |estimate − truth| / SE fall below 3.182.
        const double tQuantile = 3.182;
        var random = new Random(11);
        var alphas = new double[Draws];
        var logScales = new double[Draws];
        double alphaVariance = 0, logScaleVariance = 0;
        var covered = 0;
        for (var d = 0; d < Draws; d++)
        {
            var losses = Sizes.Select(n => Math.Exp(alpha * (logScale - Math.Log(n)) + noise * Normal(random))).ToArray();
            var fit = PowerLawFit.Fit(Sizes, losses);
            alphas[d] = fit.Exponent;
            logScales[d] = fit.LogScale;
            alphaVariance += fit.ExponentError * fit.ExponentError / Draws;
            logScaleVariance += fit.LogScaleError * fit.LogScaleError / Draws;
            if (Math.Abs(fit.Exponent - alpha) <= tQuantile * fit.ExponentError) covered++;
        }
        // Least squares is unbiased for the slope: the mean lies within six standard errors of the mean.
        Assert.Equal(alpha, alphas.Average(), 6 * StandardDeviation(alphas) / Math.Sqrt(Draws));
        AssertRelative(StandardDeviation(alphas), Math.Sqrt(alphaVariance), "SE of α");
        AssertRelative(StandardDeviation(logScales), Math.Sqrt(logScaleVariance), "SE of ln N_c");
        // Coverage 0.95 with a binomial SD of √(0.95·0.05/4000) = 0.34 %; ±1.5 % is over four of them.
        Assert.InRange(covered / (double)Draws, 0.935, 0.965);
    }

    [Fact]
    public void UnfittableInput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1e4, 1e5], [2, 1]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1e4, 1e5, 1e6], [2, 0, 1]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1e4, 1e4, 1e4], [2, 1.5, 1]));
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1e4, 1e5, 1e6], [2, 1]));
    }

    private static void AssertRelative(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= SpreadTol * expected,
            $"{what}: reported {actual}, spread of the estimates {expected}");

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    // Box–Muller.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
