using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>The jackknife against the exact large-n error of a ratio of means and against a known bias.</summary>
public sealed class JackknifeTests
{
    // With one sample per bin (M = n = 8192) the jackknife variance of a smooth function of means has a relative error
    // ~√(2/n) ≈ 1.6 % (Gaussian data); the delta-method truth is exact up to O(1/n) ≈ 10⁻⁴. 6 % is ~4 errors of the error.
    private const double RatioErrorRelTol = 0.06;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    public void RatioOfMeans_ErrorMatchesTheDeltaMethod(double coupling)
    {
        // x = μx + a z + b w, y = μy + σy z with z, w standard normal: Var x = a² + b², Cov(x, y) = a σy.
        const int n = 8192;
        const double muX = 2, muY = 5, sigmaY = 0.5;
        var a = coupling;
        var b = Math.Sqrt(1 - coupling * coupling);
        var random = new Random(21);
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var z = TestSeries.Gaussian(random);
            x[i] = muX + a * z + b * TestSeries.Gaussian(random);
            y[i] = muY + sigmaY * z;
        }
        // Var(x̄/ȳ) = (1/n)[Var x/μy² − 2 μx Cov(x,y)/μy³ + μx² Var y/μy⁴] to leading order in 1/n.
        var covariance = a * sigmaY;
        var exact = Math.Sqrt((1 / (muY * muY) - 2 * muX * covariance / Math.Pow(muY, 3) + muX * muX * sigmaY * sigmaY / Math.Pow(muY, 4)) / n);

        var ratio = Jackknife.Estimate([x, y], means => means[0] / means[1], binCount: n);
        Assert.Equal(1, ratio.StandardError / exact, RatioErrorRelTol);
        Assert.InRange(ratio.Mean, muX / muY - 4 * exact, muX / muY + 4 * exact);
    }

    [Fact]
    public void BiasCorrection_RemovesTheOneOverNBiasOfTheSquaredMean()
    {
        // For iid unit-variance samples with mean 0, E[x̄²] = 1/n; the jackknife's bias-corrected x̄² is unbiased exactly.
        const int n = 64, repeats = 2000;
        // Each corrected estimate has spread ~√2/n ≈ 0.022, so the average over 2000 repeats ~0.0005; the bias to be
        // removed is 1/n ≈ 0.016. 0.003 is six errors and a fifth of the bias.
        const double BiasAbsTol = 0.003;
        var random = new Random(22);
        var corrected = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var series = Enumerable.Range(0, n).Select(_ => TestSeries.Gaussian(random)).ToArray();
            corrected[r] = Jackknife.Estimate(series, mean => mean * mean, binCount: n).Mean;
        }
        Assert.Equal(0, corrected.Average(), BiasAbsTol);
    }

    [Fact]
    public void BadInput_FailsWithOneSentence()
    {
        var mismatched = Assert.Throws<ArgumentException>("series", () => Jackknife.Estimate([new double[10], new double[11]], m => m[0]));
        Assert.Contains("paired", mismatched.Message);
        Assert.Throws<ArgumentOutOfRangeException>("binCount", () => Jackknife.Estimate(new double[10], m => m, binCount: 11));
        Assert.Throws<ArgumentOutOfRangeException>("binCount", () => Jackknife.Estimate(new double[10], m => m, binCount: 1));
        Assert.Throws<ArgumentException>("series", () => Jackknife.Estimate([1.0, double.PositiveInfinity], m => m, binCount: 2));
    }
}
