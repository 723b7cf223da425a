using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>Mean, errors and τ_int against AR(1) series, whose autocorrelation is known exactly.</summary>
public sealed class TimeSeriesTests
{
    private const int LongLength = 1 << 20;

    // The Madras–Sokal error of τ_int is τ·√(2(2W+1)/n) ≤ 2.1 % at ρ = 0.95 (W ≈ 117) and n = 2^20; the window's
    // truncation and the subtracted mean bias it by < 0.5 %. 8 % is about 4 of those errors.
    private const double WindowTauRelTol = 0.08;

    // At the plateau (B ≥ 20 τ) the bin variance is short by 2ρ/(B(1 − ρ²)) ≤ 3.5 % for these ρ, and 2^20/B ≥ 8192 bins
    // leave a statistical error of ~1.6 %: 12 % covers the bias plus 5 errors.
    private const double BinningTauRelTol = 0.12;

    // For independent samples τ = ½; the window (W = 3) estimate has error 0.5·√(14/2^16) ≈ 0.004 and binning at
    // B = 16 (4096 bins) ≈ 0.011: 0.05 is 4–10 errors and a tenth of τ, so τ = 1 (a factor-2 bug) fails.
    private const double IndependentTauAbsTol = 0.05;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.95)]
    public void AutomaticWindow_RecoversTauOfAr1(double rho)
    {
        var series = TestSeries.AutoRegressive(LongLength, rho, new Random(11));
        var analysis = Autocorrelation.Analyze(series);
        var exact = TestSeries.AutoRegressiveTau(rho);
        Assert.InRange(analysis.TauInt, exact * (1 - WindowTauRelTol), exact * (1 + WindowTauRelTol));
        Assert.True(analysis.Window >= Autocorrelation.DefaultWindowFactor * analysis.TauInt, "the window must satisfy W ≥ c τ");
        Assert.InRange(analysis.TauIntError, 0, WindowTauRelTol * exact / 2);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void Binning_PlateauRecoversTauOfAr1(double rho)
    {
        var series = TestSeries.AutoRegressive(LongLength, rho, new Random(12));
        var binning = BinningAnalysis.Analyze(series);
        var exact = TestSeries.AutoRegressiveTau(rho);
        Assert.NotNull(binning.Plateau);
        Assert.InRange(binning.Plateau!.TauInt, exact * (1 - BinningTauRelTol), exact * (1 + BinningTauRelTol));
    }

    [Fact]
    public void Binning_EveryLevelFollowsTheExactBinVarianceOfAr1()
    {
        // For bins of B samples of a unit-variance AR(1) series, B·Var(bin mean) = (1+ρ)/(1−ρ) − 2ρ(1−ρ^B)/(B(1−ρ)²),
        // so the level's τ_B = ½ B·Var(bin mean) climbs from ½ at B = 1 to τ_int. Levels with M ≥ 1024 bins have a
        // relative statistical error √(2/M) ≤ 4.4 % in σ²; five of those bound each level.
        const double rho = 0.8;
        const int minBins = 1024;
        var binning = BinningAnalysis.Analyze(TestSeries.AutoRegressive(LongLength, rho, new Random(18)));
        var checkedLevels = 0;
        foreach (var level in binning.Levels.Where(l => l.BinCount >= minBins))
        {
            double b = level.BinSize;
            var exact = 0.5 * ((1 + rho) / (1 - rho) - 2 * rho * (1 - Math.Pow(rho, b)) / (b * (1 - rho) * (1 - rho)));
            Assert.Equal(1, level.TauInt / exact, 5 * Math.Sqrt(2.0 / level.BinCount));
            checkedLevels++;
        }
        Assert.True(checkedLevels >= 8, "levels from B = 1 to beyond 20 τ_int must be checked");
    }

    [Fact]
    public void IndependentSamples_HaveTauOneHalf()
    {
        var series = TestSeries.AutoRegressive(1 << 16, 0, new Random(13));
        Assert.Equal(0.5, Autocorrelation.Analyze(series).TauInt, IndependentTauAbsTol);
        Assert.Equal(0.5, BinningAnalysis.Analyze(series).ToEstimate().TauInt, IndependentTauAbsTol);
        var estimate = TimeSeries.Estimate(series);
        Assert.Equal(TimeSeries.NaiveStandardError(series), estimate.StandardError, TimeSeries.NaiveStandardError(series) * 2 * IndependentTauAbsTol);
    }

    [Fact]
    public void AutocorrelationFunction_DecaysLikeRhoToTheT()
    {
        const double rho = 0.7;
        // ρ(t) from n = 2^20 samples has error ~√((1+ρ²)/(1−ρ²)/n) ≈ 0.002; 0.01 is five of those.
        const double FunctionAbsTol = 0.01;
        var series = TestSeries.AutoRegressive(LongLength, rho, new Random(14));
        var function = Autocorrelation.Function(series, 10);
        for (var t = 0; t <= 10; t++) Assert.Equal(Math.Pow(rho, t), function[t], FunctionAbsTol);
    }

    [Fact]
    public void CorrectedError_AveragedOverChains_MatchesTheExactErrorOfTheMean()
    {
        // Var(x̄) of a unit-variance AR(1) series of n samples, exactly: (1/n²)[n(1+ρ)/(1−ρ) − 2ρ(1−ρ^n)/(1−ρ)²].
        const double rho = 0.8;
        const int n = 8192, chains = 200;
        // The window estimate of τ is biased low by ~W·2τ/n ≈ 3 % at this n (the subtracted mean), i.e. the error by
        // ~1.5 %; the average over 200 chains has statistical error ~0.3 %. 5 % leaves room for both.
        const double ErrorRelTol = 0.05;
        var exact = Math.Sqrt((n * (1 + rho) / (1 - rho) - 2 * rho * (1 - Math.Pow(rho, n)) / ((1 - rho) * (1 - rho))) / ((double)n * n));
        var random = new Random(15);
        var windowErrors = new double[chains];
        var binningErrors = new double[chains];
        for (var c = 0; c < chains; c++)
        {
            var series = TestSeries.AutoRegressive(n, rho, random);
            windowErrors[c] = TimeSeries.Estimate(series).StandardError;
            binningErrors[c] = TimeSeries.Estimate(series, TauIntMethod.Binning).StandardError;
        }
        Assert.Equal(1, windowErrors.Average() / exact, ErrorRelTol);
        // Binning at n = 8192 has only 32–64 bins at the plateau and a ~4 % bias at B ≈ 20τ: twice the tolerance.
        Assert.Equal(1, binningErrors.Average() / exact, 2 * ErrorRelTol);
    }

    [Fact]
    public void ConstantSeries_HasZeroErrorAndUndefinedTau()
    {
        var series = Enumerable.Repeat(-2.0, 1000).ToArray();
        var estimate = TimeSeries.Estimate(series);
        Assert.Equal(-2.0, estimate.Mean);
        Assert.Equal(0.0, estimate.StandardError);
        Assert.True(double.IsNaN(estimate.TauInt));
        Assert.Equal(0.0, TimeSeries.Estimate(series, TauIntMethod.Binning).StandardError);
    }

    [Fact]
    public void Estimate_ToString_ShowsTwoSignificantDigitsOfTheError()
    {
        var estimate = new Estimate(0.412371, 0.000523, 3.14159, 100000);
        Assert.Equal("0.41237 ± 0.00052 (τ_int = 3.14, n = 100000)", estimate.ToString());
        Assert.Equal("1.50 ± 0.25 (n = 32)", new Estimate(1.5, 0.25, double.NaN, 32).ToString());
    }

    [Fact]
    public void BadSeries_FailWithOneSentence()
    {
        var tooShort = Assert.Throws<ArgumentException>("series", () => TimeSeries.Estimate([1.0]));
        Assert.Contains("at least 2 samples", tooShort.Message);
        var nan = Assert.Throws<ArgumentException>("series", () => TimeSeries.Estimate([1.0, double.NaN, 2.0]));
        Assert.Contains("NaN at sample 1", nan.Message);
        Assert.Throws<ArgumentException>("series", () => BinningAnalysis.Analyze(new double[10]));
        var slow = TestSeries.AutoRegressive(200, 0.999, new Random(16));
        var window = Assert.Throws<ArgumentException>("series", () => Autocorrelation.Analyze(slow));
        Assert.Contains("too short", window.Message);
        var noPlateau = Assert.Throws<InvalidOperationException>(() => BinningAnalysis.Analyze(TestSeries.AutoRegressive(2048, 0.99, new Random(17))).ToEstimate());
        Assert.Contains("no plateau", noPlateau.Message);
    }
}
