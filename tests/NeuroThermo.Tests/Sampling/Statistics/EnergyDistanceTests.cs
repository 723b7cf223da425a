using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>The energy distance estimate against closed forms on the line.</summary>
public sealed class EnergyDistanceTests
{
    /// <summary>Round-off of sums of a few million distances.</summary>
    private const double AbsTol = 1e-9;

    /// <summary>
    /// n evenly spaced points x_i = (i + ½)/n and the same points shifted by Δ ≥ 1: every cross pair is ordered, so
    /// E|X − Y| = Δ exactly, and the mean distance between distinct points of the grid is (n + 1)/(3n) exactly
    /// (Σ_{i≠j} |i − j| = n(n² − 1)/3). So the unbiased estimate must be 2Δ − 2(n + 1)/(3n).
    /// </summary>
    [Theory]
    [InlineData(10, 1.0)]
    [InlineData(257, 2.5)]
    public void ShiftedGrids_GiveTheirClosedForm(int n, double shift)
    {
        var x = Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray();
        var y = x.Select(v => v + shift).ToArray();
        Assert.Equal(2 * shift - 2.0 * (n + 1) / (3.0 * n), EnergyDistance.Squared(x, y, 1), AbsTol);
    }

    /// <summary>
    /// Uniform samples on [0, 1] and on [Δ, Δ + 1] in the plane's first coordinate (the second coordinate 0): the
    /// population D² = 2Δ − 2·E|U − U′| = 2Δ − 2/3. The cross term is exact for any sample; only the two within-sample
    /// terms fluctuate, each with a standard deviation of 2√(1/180)/√n ≈ 0.0033 at n = 2000, their sum 0.0047.
    /// </summary>
    [Fact]
    public void UniformSamples_ApproachThePopulationValue()
    {
        const int n = 2000;
        const double shift = 1.5, tolerance = 0.02; // over four standard deviations of the sum of the two terms
        var random = new Random(12);
        var x = new double[2 * n];
        var y = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = random.NextDouble();
            y[2 * i] = shift + random.NextDouble();
        }
        Assert.Equal(2 * shift - 2.0 / 3, EnergyDistance.Squared(x, y, 2), tolerance);
    }

    [Fact]
    public void IsSymmetric_AndZeroForIdenticalSamplesUpToTheWithinTermsBias()
    {
        double[] a = [0, 0, 1, 0, 0, 2, 3, 1];
        double[] b = [1, 1, 2, 2, -1, 0];
        Assert.Equal(EnergyDistance.Squared(a, b, 2), EnergyDistance.Squared(b, a, 2), AbsTol);
        // For a sample against itself the cross term includes the n zero self-distances the within terms leave out:
        // 2·(n − 1)/n·W − 2W = −2W/n with W the mean distinct-pair distance.
        double w = (1 + 2 + 2 * Math.Sqrt(10) + 2 * Math.Sqrt(5)) / 6; // the six distances between the four points of a
        Assert.Equal(-2 * w / 4, EnergyDistance.Squared(a, a, 2), AbsTol);
    }

    [Fact]
    public void RaggedOrTinySamples_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => EnergyDistance.Squared([1, 2, 3], [1, 2], 2));
        Assert.Throws<ArgumentException>(() => EnergyDistance.Squared([1, 2], [1, 2, 3, 4], 2));
    }
}
