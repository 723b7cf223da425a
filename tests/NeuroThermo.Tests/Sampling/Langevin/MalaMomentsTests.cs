using NeuroThermo.Data;
using NeuroThermo.Models.Energies;
using NeuroThermo.Sampling.Langevin;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Langevin;

/// <summary>MALA's time averages on a 2D Gaussian mixture against the mixture's exact mean and covariance.</summary>
public sealed class MalaMomentsTests
{
    /// <summary>Three standard errors: each comparison fails by chance with probability 0.27 %.</summary>
    private const double StandardErrors = 3;

    /// <summary>Overlapping components, so single chains cross between them and τ_int stays short.</summary>
    private static Toy2dGaussianMixture Mixture() => new(new double[,] { { -1, 0 }, { 1, 0.5 }, { 0, -1 } }, [0.6, 0.7, 0.5], [1, 2, 1]);

    [Fact]
    public void Mala_OnGaussianMixture_MatchesExactMeanAndCovariance()
    {
        const int chains = 64, steps = 4000;
        var mixture = Mixture();
        using var energy = new GaussianMixtureEnergy(mixture);
        var sampler = new LangevinSampler(energy, stepSize: 0.15, rule: LangevinRule.MetropolisAdjusted);
        using var generator = new Generator(21);
        using var start = mixture.Sample(chains, generator);
        using var state = new LangevinState(start, seed: 22);

        // Per step, the average over chains of x, y, x², xy, y²: chains are independent, so averaging them first
        // shrinks the variance without changing τ_int.
        var series = new double[5][];
        for (var k = 0; k < series.Length; k++) series[k] = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            sampler.Run(state, 1);
            using var scope = torch.NewDisposeScope();
            var x = state.Positions.select(1, 0);
            var y = state.Positions.select(1, 1);
            var moments = torch.stack([x.mean(), y.mean(), x.square().mean(), (x * y).mean(), y.square().mean()]).ToArray<double>();
            for (var k = 0; k < series.Length; k++) series[k][t] = moments[k];
        }

        Assert.InRange(state.AcceptanceRate, 0.5, 0.99);
        var (mx, my) = mixture.Mean;
        AssertWithin(mx, TimeSeries.Estimate(series[0]));
        AssertWithin(my, TimeSeries.Estimate(series[1]));
        var exact = mixture.Covariance;
        // Covariances are functions of several means; the jackknife over bins much longer than τ_int gives their errors.
        AssertWithin(exact[0, 0], Jackknife.Estimate([series[0], series[2]], m => m[1] - m[0] * m[0]));
        AssertWithin(exact[0, 1], Jackknife.Estimate([series[0], series[1], series[3]], m => m[2] - m[0] * m[1]));
        AssertWithin(exact[1, 1], Jackknife.Estimate([series[1], series[4]], m => m[1] - m[0] * m[0]));
    }

    private static void AssertWithin(double exact, Estimate estimate)
    {
        Assert.True(Math.Abs(estimate.Mean - exact) < StandardErrors * estimate.StandardError,
            $"Estimate {estimate.Mean} ± {estimate.StandardError} is not within {StandardErrors} standard errors of the exact {exact}.");
    }
}
