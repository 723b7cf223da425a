using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>U₄, χ and C from series with known moments.</summary>
public sealed class SpinObservablesTests
{
    private const int Samples = 1 << 16;

    // Estimates must lie within this many jackknife errors of the exact value (a 4σ miss has probability 6·10⁻⁵).
    private const double Sigmas = 4;

    // m = ±1 gives ⟨m²⟩ = ⟨m⁴⟩ = 1 exactly in floating point; only the last bits of the means can differ.
    private const double ExactAbsTol = 1e-12;

    [Fact]
    public void BinderCumulant_IsZeroForGaussianMagnetization()
    {
        var random = new Random(31);
        var m = Enumerable.Range(0, Samples).Select(_ => 0.1 * TestSeries.Gaussian(random)).ToArray();
        var u4 = SpinObservables.BinderCumulant(m);
        Assert.InRange(u4.Mean, -Sigmas * u4.StandardError, Sigmas * u4.StandardError);
        // The error must be small enough for the check to mean something: U₄ of other shapes differs by O(0.1).
        Assert.InRange(u4.StandardError, 1e-4, 0.02);
    }

    [Fact]
    public void BinderCumulant_IsTwoThirdsForPlusMinusOne()
    {
        var random = new Random(32);
        var m = Enumerable.Range(0, Samples).Select(_ => random.NextDouble() < 0.5 ? 1.0 : -1.0).ToArray();
        var u4 = SpinObservables.BinderCumulant(m);
        Assert.Equal(2.0 / 3, u4.Mean, ExactAbsTol);
        Assert.Equal(0, u4.StandardError, ExactAbsTol);
    }

    [Fact]
    public void BinderCumulant_OfUniformMagnetization_IsTwoFifths()
    {
        // m uniform on [−1, 1]: ⟨m²⟩ = 1/3, ⟨m⁴⟩ = 1/5, U₄ = 1 − (1/5)/(3·1/9) = 2/5.
        var random = new Random(33);
        var m = Enumerable.Range(0, Samples).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        var u4 = SpinObservables.BinderCumulant(m);
        Assert.InRange(u4.Mean, 0.4 - Sigmas * u4.StandardError, 0.4 + Sigmas * u4.StandardError);
    }

    [Fact]
    public void Susceptibility_BothForms_MatchTheMomentsOfAKnownDistribution()
    {
        // |m| uniform on [0.2, 0.6] with a random sign: ⟨m²⟩ = (0.6³ − 0.2³)/(3·0.4) = 0.52/3, ⟨|m|⟩ = 0.4.
        const double beta = 0.4;
        const int spins = 100;
        var random = new Random(34);
        var m = Enumerable.Range(0, Samples)
            .Select(_ => (random.NextDouble() < 0.5 ? 1 : -1) * (0.2 + 0.4 * random.NextDouble()))
            .ToArray();
        var m2 = 0.52 / 3;
        var chiAbs = SpinObservables.Susceptibility(m, beta, spins);
        var chiM2 = SpinObservables.Susceptibility(m, beta, spins, SusceptibilityForm.SecondMoment);
        AssertWithin(beta * spins * (m2 - 0.16), chiAbs);
        AssertWithin(beta * spins * m2, chiM2);
    }

    [Fact]
    public void SpecificHeat_IsBetaSquaredNTimesTheEnergyVariance()
    {
        // e = −1.9 + 0.01 z: the offset is 190 standard deviations, where ⟨e²⟩ − ⟨e⟩² without centring loses ~8 digits.
        const double beta = 2.0, sigma = 0.01;
        const int spins = 256;
        var random = new Random(35);
        var e = Enumerable.Range(0, Samples).Select(_ => -1.9 + sigma * TestSeries.Gaussian(random)).ToArray();
        var c = SpinObservables.SpecificHeat(e, beta, spins);
        AssertWithin(beta * beta * spins * sigma * sigma, c);
    }

    [Fact]
    public void BadInput_FailsWithOneSentence()
    {
        Assert.Throws<ArgumentException>("magnetization", () => SpinObservables.BinderCumulant([0.5, double.NaN, 0.1]));
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => SpinObservables.Susceptibility(new double[64], -1, 10));
        Assert.Throws<ArgumentOutOfRangeException>("spins", () => SpinObservables.SpecificHeat(new double[64], 1, 0));
    }

    private static void AssertWithin(double exact, Estimate estimate)
    {
        Assert.InRange(estimate.Mean, exact - Sigmas * estimate.StandardError, exact + Sigmas * estimate.StandardError);
        // The error must be a small fraction of the value, or the check above could not fail.
        Assert.InRange(estimate.StandardError, 0, 0.05 * Math.Abs(exact));
    }
}
