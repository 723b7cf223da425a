using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>Binder crossings of synthetic scaling curves that cross exactly at a known T_c.</summary>
public sealed class BinderCrossingTests
{
    private const double CriticalTemperature = 2.269;
    private static readonly int[] Sizes = [8, 16, 32, 64];

    // Error of each U₄ point, typical of 10⁵ samples per temperature.
    private const double Noise = 0.002;

    // U₄(T, L) = (2/3)/(1 + e^{(T − T_c)·L/4}): a function of (T − T_c)·L^{1/ν} alone (ν = 1), equal to 1/3 at T_c
    // for every L, so every pair crosses exactly there.
    private static double Scaling(double temperature, int size) => 2.0 / 3 / (1 + Math.Exp((temperature - CriticalTemperature) * size / 4));

    private static BinderCurve[] Curves(double noise, Random? random)
    {
        var temperatures = Enumerable.Range(0, 36).Select(i => 2.10 + 0.01 * i).ToArray();
        return Sizes.Select(size => new BinderCurve(
            size,
            temperatures,
            temperatures.Select(t => Scaling(t, size) + (random is null ? 0 : noise * TestSeries.Gaussian(random))).ToArray(),
            temperatures.Select(_ => noise).ToArray())).ToArray();
    }

    [Fact]
    public void NoiseFreeCurves_CrossAtTc()
    {
        // Quadratic fits over ±0.03 of a logistic whose second derivative vanishes at T_c: the residual cubic term moves
        // the root by ~10⁻⁵ at most here (checked against the L = 64 curve, the most curved).
        const double FitTruncationTol = 2e-4;
        var result = BinderCrossing.Locate(Curves(Noise, random: null));
        Assert.Equal(3, result.Pairs.Count);
        foreach (var pair in result.Pairs)
        {
            Assert.Equal(CriticalTemperature, pair.Temperature.Mean, FitTruncationTol);
            Assert.Equal(1.0 / 3, pair.Cumulant.Mean, FitTruncationTol);
        }
        Assert.Equal(CriticalTemperature, result.Combined.Mean, FitTruncationTol);
    }

    [Fact]
    public void NoisyCurves_CrossAtTcWithinTheResampledError()
    {
        const double Sigmas = 4;
        var result = BinderCrossing.Locate(Curves(Noise, new Random(61)));
        foreach (var pair in result.Pairs)
            Assert.InRange(pair.Temperature.Mean, CriticalTemperature - Sigmas * pair.Temperature.StandardError, CriticalTemperature + Sigmas * pair.Temperature.StandardError);
        Assert.InRange(result.Combined.Mean, CriticalTemperature - Sigmas * result.Combined.StandardError, CriticalTemperature + Sigmas * result.Combined.StandardError);
        // The combined error is below the worst pair's and small enough to mean something.
        Assert.True(result.Combined.StandardError < result.Pairs.Max(p => p.Temperature.StandardError));
        Assert.InRange(result.Combined.StandardError, 1e-5, 0.01);
    }

    [Fact]
    public void ResampledError_MatchesTheScatterOverIndependentRealisations()
    {
        // 60 realisations estimate the true scatter to ~9 % (1/√120); the reported errors (50 resamples each) average to ~1.5 %.
        // [0.65, 1.5] is about four of those errors either way, and excludes an error off by a factor of 2.
        const int realisations = 60;
        var random = new Random(62);
        var config = new BinderCrossingConfig { Resamples = 50 };
        var squaredDeviations = new List<double>();
        var reported = new List<double>();
        for (var i = 0; i < realisations; i++)
        {
            var result = BinderCrossing.Locate(Curves(Noise, random), config with { Seed = 100 + i });
            squaredDeviations.Add(Math.Pow(result.Pairs[0].Temperature.Mean - CriticalTemperature, 2));
            reported.Add(result.Pairs[0].Temperature.StandardError);
        }
        var ratio = reported.Average() / Math.Sqrt(squaredDeviations.Average());
        Assert.InRange(ratio, 0.65, 1.5);
    }

    [Fact]
    public void CurvesThatDoNotCross_AreReported()
    {
        var temperatures = Enumerable.Range(0, 10).Select(i => 2.0 + 0.1 * i).ToArray();
        BinderCurve Flat(int size, double level) => new(size, temperatures, temperatures.Select(_ => level).ToArray(), temperatures.Select(_ => 0.001).ToArray());
        var error = Assert.Throws<ArgumentException>("curves", () => BinderCrossing.Locate([Flat(8, 0.3), Flat(16, 0.5)]));
        Assert.Contains("do not cross", error.Message);
        var unsorted = new BinderCurve(8, [2.0, 1.9, 2.1, 2.2, 2.3, 2.4], new double[6], Enumerable.Repeat(0.01, 6).ToArray());
        Assert.Throws<ArgumentException>("curves", () => BinderCrossing.Locate([unsorted, Flat(16, 0.5)]));
    }
}
