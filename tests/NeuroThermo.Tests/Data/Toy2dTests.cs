using NeuroThermo.Data;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Data;

/// <summary>The 2D toy sets: shapes, seeding, and sample moments against their closed forms.</summary>
public sealed class Toy2dTests
{
    private const long Count = 40_000;

    /// <summary>
    /// Sample means of 40,000 points whose coordinates have standard deviations below 1.5 carry errors below
    /// 1.5/√40,000 = 0.0075; five of those is 0.0375.
    /// </summary>
    private const double MomentTol = 0.04;

    /// <summary>A frequency from 40,000 draws has a standard error below 0.0025; four of those.</summary>
    private const double FrequencyTol = 0.01;

    /// <summary>Autograd and the closed-form score differ only by rounding in float64.</summary>
    private const double ScoreTol = 1e-12;

    [Fact]
    public void Moons_HaveShapeSeedAndMoonMeans()
    {
        using var scope = torch.NewDisposeScope();
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        var (points, moons) = Toy2dMoons.SampleLabelled(Count, Toy2dMoons.DefaultNoise, g1);
        Assert.Equal(new long[] { Count, 2 }, points.shape);
        Assert.Equal(ScalarType.Float64, points.dtype);
        Assert.Equal(0.0, (Toy2dMoons.Sample(Count, Toy2dMoons.DefaultNoise, g2) - points).abs().max().ItemAs<double>());

        var upper = moons.eq(0);
        Assert.Equal(0.5, upper.to(torch.float64).mean().ItemAs<double>(), FrequencyTol);
        var upperPoints = points[upper];
        var (mx, my) = Toy2dMoons.UpperMoonMean;
        Assert.Equal(mx, upperPoints.select(1, 0).mean().ItemAs<double>(), MomentTol);
        Assert.Equal(my, upperPoints.select(1, 1).mean().ItemAs<double>(), MomentTol);
        Assert.Equal(-mx, points[moons.eq(1)].select(1, 0).mean().ItemAs<double>(), MomentTol);
    }

    [Fact]
    public void Rings_SecondMomentMatchesRadiiAndNoise()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(11);
        var radii = Toy2dRings.DefaultRadii;
        const double noise = 0.1;
        var (points, rings) = Toy2dRings.SampleLabelled(Count, radii, noise, generator);
        Assert.Equal(new long[] { Count, 2 }, points.shape);
        var expected = radii.Average(r => r * r) + 2 * noise * noise;
        // |x|² has standard deviation below 3 here, so 5 standard errors stay under 0.075.
        Assert.Equal(expected, points.square().sum(1).mean().ItemAs<double>(), 0.075);
        Assert.Equal(0.0, points.mean([0]).abs().max().ItemAs<double>(), MomentTol);
        Assert.Equal(1.0 / radii.Count, rings.eq(0).to(torch.float64).mean().ItemAs<double>(), FrequencyTol);
    }

    [Fact]
    public void GaussianMixture_ComponentFrequenciesMeanAndCovarianceMatchClosedForms()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        var mixture = new Toy2dGaussianMixture(new double[,] { { -1, 0 }, { 1, 0.5 }, { 0, -1 } }, [0.3, 0.5, 0.2], [1, 2, 1]);
        var (points, components) = mixture.SampleLabelled(Count, generator);
        for (var k = 0; k < mixture.Components; k++)
            Assert.Equal(mixture.Weight(k), components.eq(k).to(torch.float64).mean().ItemAs<double>(), FrequencyTol);
        var (mx, my) = mixture.Mean;
        Assert.Equal(mx, points.select(1, 0).mean().ItemAs<double>(), MomentTol);
        Assert.Equal(my, points.select(1, 1).mean().ItemAs<double>(), MomentTol);
        var centred = points - points.mean([0]);
        var covariance = Guarded.matmul(centred.t(), centred) / (Count - 1);
        var exact = mixture.Covariance;
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++)
                Assert.Equal(exact[i, j], covariance[i, j].ItemAs<double>(), MomentTol);
    }

    [Fact]
    public void GaussianMixture_ScoreIsTheGradientOfTheLogDensity()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        var mixture = Toy2dGaussianMixture.OnCircle(8, 2.0, 0.3).Smoothed(0.2);
        var x = (1.5 * torch.randn([64, 2], torch.float64, generator: generator)).requires_grad_();
        var gradient = Guarded.grad(mixture.LogDensity(x).sum(), x);
        var score = mixture.Score(x.detach());
        Assert.True((gradient - score).abs().max().ItemAs<double>() < ScoreTol);
    }

    [Fact]
    public void GaussianMixture_SingleComponentLogDensityIsTheGaussian()
    {
        using var scope = torch.NewDisposeScope();
        var mixture = new Toy2dGaussianMixture(new double[,] { { 0.5, -1 } }, [2.0], [3.0]);
        var x = torch.tensor(new[] { 0.5, -1, 2.5, 0 }, [2, 2]);
        var logDensity = mixture.LogDensity(x).ToArray<double>();
        var normaliser = -Math.Log(2 * Math.PI * 4);
        Assert.Equal(normaliser, logDensity[0], ScoreTol);
        Assert.Equal(normaliser - (4.0 + 1.0) / 8, logDensity[1], ScoreTol);
    }
}
