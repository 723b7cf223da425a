using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>Log-log power-law fits against exact and synthetic noisy power laws.</summary>
public sealed class PowerLawFitTests
{
    private static readonly double[] Sizes = [8, 12, 16, 24, 32, 48, 64];

    [Fact]
    public void ExactPowerLaw_IsRecoveredToRounding()
    {
        // ln of exact powers: only rounding of a 7-point least-squares solve remains.
        const double RoundingTol = 1e-10;
        var values = Sizes.Select(l => 2.5 * Math.Pow(l, 1.75)).ToArray();
        var fit = PowerLawFit.Fit(Sizes, values, values.Select(v => 0.01 * v).ToArray());
        Assert.Equal(1.75, fit.Exponent.Mean, RoundingTol);
        Assert.Equal(2.5, fit.Amplitude.Mean, RoundingTol);
        Assert.Equal(0, fit.ChiSquarePerDegreeOfFreedom, RoundingTol);
    }

    [Fact]
    public void ExponentError_MatchesTheScatterOfNoisyFits()
    {
        // 300 realisations give the scatter to ~4 % (1/√600); 0.85–1.15 is about 4 of those errors.
        const int realisations = 300;
        const double relativeNoise = 0.02;
        var random = new Random(71);
        var exponents = new double[realisations];
        var errors = new double[realisations];
        for (var i = 0; i < realisations; i++)
        {
            var values = Sizes.Select(l => 2.5 * Math.Pow(l, 1.75) * (1 + relativeNoise * TestSeries.Gaussian(random))).ToArray();
            var fit = PowerLawFit.Fit(Sizes, values, values.Select(v => relativeNoise * v).ToArray());
            exponents[i] = fit.Exponent.Mean;
            errors[i] = fit.Exponent.StandardError;
        }
        var mean = exponents.Average();
        var scatter = Math.Sqrt(exponents.Sum(p => (p - mean) * (p - mean)) / (realisations - 1));
        Assert.InRange(errors.Average() / scatter, 0.85, 1.15);
        Assert.Equal(1.75, mean, 4 * scatter / Math.Sqrt(realisations));
    }

    [Fact]
    public void WithoutErrors_TheResidualsSetTheError()
    {
        var random = new Random(72);
        var values = Sizes.Select(l => 3 * Math.Pow(l, -0.5) * (1 + 0.01 * TestSeries.Gaussian(random))).ToArray();
        var fit = PowerLawFit.Fit(Sizes, values);
        Assert.InRange(fit.Exponent.Mean, -0.5 - 4 * fit.Exponent.StandardError, -0.5 + 4 * fit.Exponent.StandardError);
        Assert.InRange(fit.Exponent.StandardError, 1e-4, 0.05);
    }

    [Fact]
    public void BadInput_FailsWithOneSentence()
    {
        Assert.Throws<ArgumentException>("values", () => PowerLawFit.Fit([8.0, 16], [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>("values", () => PowerLawFit.Fit([8.0, 16, 32], [1.0, -2, 3]));
        Assert.Throws<ArgumentException>("sizes", () => PowerLawFit.Fit([8.0, 16], [1.0, 2]));
        Assert.Throws<ArgumentException>("sizes", () => PowerLawFit.Fit([8.0, 8], [1.0, 2], [0.1, 0.1]));
    }
}
