using NeuroThermo.Sampling;

namespace NeuroThermo.Tests.Sampling;

/// <summary>The χ² machinery against closed forms and published table values.</summary>
public sealed class GoodnessOfFitTests
{
    /// <summary>
    /// Series and continued fraction iterate to ~1e-15, but the prefactor e^{−x + a ln x − ln Γ(a)} has an exponent of
    /// order 100 at x = 300, whose rounding (~1e-14 absolute) becomes ~1e-12 relative; 1e-11 leaves a margin over that.
    /// </summary>
    private const double RelTol = 1e-11;

    /// <summary>Table quantiles are printed to about 15 significant digits.</summary>
    private const double TableTol = 1e-10;

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(7.3)]
    [InlineData(40.0)]
    [InlineData(300.0)]
    public void Survival_EvenDegreesOfFreedom_MatchesPoissonSum(double x)
    {
        // For k = 2m, P(χ²_k ≥ x) = e^{−x/2} Σ_{j<m} (x/2)^j / j!, a finite sum independent of the gamma-function code.
        foreach (var k in new[] { 2, 4, 10, 30 })
        {
            var half = x / 2;
            double term = Math.Exp(-half), sum = 0;
            for (var j = 0; j < k / 2; j++)
            {
                sum += term;
                term *= half / (j + 1);
            }
            AssertRelative(sum, GoodnessOfFit.ChiSquareSurvival(x, k));
        }
    }

    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(6.634896601021214, 1, 0.01)]
    [InlineData(7.814727903251178, 3, 0.05)]
    [InlineData(18.307038053275146, 10, 0.05)]
    [InlineData(124.34211340400407, 100, 0.05)]
    public void Survival_AtTabulatedQuantiles_GivesTheTailProbability(double quantile, int dof, double tail)
    {
        Assert.Equal(tail, GoodnessOfFit.ChiSquareSurvival(quantile, dof), TableTol);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void IncompleteGamma_HalfInteger_MatchesErfc(double x)
    {
        // Q(1/2, x) = erfc(√x); erfc from its own continued-fraction-free series for moderate x.
        AssertRelative(Erfc(Math.Sqrt(x)), GoodnessOfFit.RegularizedGammaQ(0.5, x));
        Assert.Equal(1.0, GoodnessOfFit.RegularizedGammaP(0.5, x) + GoodnessOfFit.RegularizedGammaQ(0.5, x), RelTol);
    }

    [Fact]
    public void LogGamma_MatchesFactorialsAndSqrtPi()
    {
        double factorial = 1;
        for (var n = 1; n <= 20; n++)
        {
            AssertRelative(Math.Log(factorial), GoodnessOfFit.LogGamma(n), absoluteFloor: 1e-14);
            factorial *= n;
        }
        AssertRelative(0.5 * Math.Log(Math.PI), GoodnessOfFit.LogGamma(0.5));
        AssertRelative(Math.Log(Math.Sqrt(Math.PI) / 2), GoodnessOfFit.LogGamma(1.5));
    }

    [Fact]
    public void Fisher_MatchesClosedForm()
    {
        // −2 Σ ln p ~ χ²_{2k}: with P = Π p, the tail is P Σ_{j<k} (−ln P)^j / j!.
        double[] p = [0.2, 0.03, 0.7, 0.5];
        var product = p.Aggregate(1.0, (a, b) => a * b);
        double sum = 0, term = 1;
        for (var j = 0; j < p.Length; j++)
        {
            sum += term;
            term *= -Math.Log(product) / (j + 1);
        }
        AssertRelative(product * sum, GoodnessOfFit.FisherCombined(p));
        Assert.Equal(0.37, GoodnessOfFit.FisherCombined([0.37]), RelTol);
        Assert.Equal(0.0, GoodnessOfFit.FisherCombined([0.5, 0.0]));
    }

    [Fact]
    public void ChiSquareTest_ComputesPearsonStatisticWithoutPooling()
    {
        long[] counts = [30, 50, 20];
        double[] probabilities = [0.25, 0.5, 0.25];
        var result = GoodnessOfFit.ChiSquareTest(counts, probabilities);
        var expected = (5.0 * 5 / 25) + 0 + (5.0 * 5 / 25);
        Assert.Equal(expected, result.Statistic, RelTol);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-expected / 2), result.PValue, RelTol);
    }

    [Fact]
    public void ChiSquareTest_PoolsSmallBinsTogether()
    {
        // Expected counts 100·[0.9, 0.04, 0.03, 0.02, 0.01] = 90, 4, 3, 2, 1: the four small ones pool into one bin of 10.
        long[] counts = [88, 5, 3, 3, 1];
        var result = GoodnessOfFit.ChiSquareTest(counts, [0.9, 0.04, 0.03, 0.02, 0.01]);
        Assert.Equal(2, result.Bins);
        Assert.Equal((2.0 * 2 / 90) + (2.0 * 2 / 10), result.Statistic, RelTol);
    }

    [Fact]
    public void ChiSquareTest_ObservationOfAnImpossibleOutcome_Rejects()
    {
        var result = GoodnessOfFit.ChiSquareTest([50, 50, 1], [0.5, 0.5, 0]);
        Assert.Equal(0.0, result.PValue);
    }

    [Fact]
    public void ChiSquareTest_RejectsMultinomialDrawsFromAnotherDistribution()
    {
        var random = new Random(8);
        double[] truth = [0.1, 0.2, 0.3, 0.4];
        double[] other = [0.15, 0.2, 0.3, 0.35];
        var counts = new long[4];
        for (var n = 0; n < 20_000; n++) counts[Draw(random, other)]++;
        Assert.True(GoodnessOfFit.ChiSquareTest(counts, truth).PValue < 1e-6);
        var fair = new long[4];
        for (var n = 0; n < 20_000; n++) fair[Draw(random, truth)]++;
        Assert.True(GoodnessOfFit.ChiSquareTest(fair, truth).PValue > 1e-3);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => GoodnessOfFit.ChiSquareTest([1, 2], [1.0]));
        Assert.Throws<ArgumentException>(() => GoodnessOfFit.ChiSquareTest([0, 0], [0.5, 0.5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GoodnessOfFit.ChiSquareSurvival(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GoodnessOfFit.FisherCombined([1.5]));
    }

    private static int Draw(Random random, double[] p)
    {
        var u = random.NextDouble();
        for (var k = 0; k < p.Length - 1; k++)
        {
            if ((u -= p[k]) < 0) return k;
        }
        return p.Length - 1;
    }

    // erfc(z) = 1 − erf(z) with erf's Maclaurin series: for z ≤ √2.5 the terms stay below ~3 and erfc above 0.02,
    // so cancellation costs no more than two digits.
    private static double Erfc(double z)
    {
        double sum = 0, term = z;
        for (var n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 1 - 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static void AssertRelative(double expected, double actual, double absoluteFloor = 0) =>
        Assert.True(Math.Abs(expected - actual) <= RelTol * Math.Abs(expected) + absoluteFloor, $"expected {expected:R}, got {actual:R}");
}
