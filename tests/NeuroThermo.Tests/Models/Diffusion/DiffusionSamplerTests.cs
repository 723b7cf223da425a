using NeuroThermo.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Diffusion;

/// <summary>
/// Ancestral and DDIM sampling driven by the exact noise predictor of Gaussian data must give back that Gaussian's
/// mean and variance; DDIM with η = 0 must be a deterministic function of x_T.
/// </summary>
public sealed class DiffusionSamplerTests
{
    /// <summary>Samples drawn; each coordinate's mean and variance is estimated from this many.</summary>
    private const int Samples = 20_000;

    /// <summary>Allowed statistical miss in standard errors.</summary>
    private const double Sigmas = 4.5;

    /// <summary>
    /// Allowed relative bias of the sampled variance from the finite step count, for T = 1000 steps of the cosine
    /// schedule. Propagating the exact Gaussian through the samplers' linear updates in closed form gives at most
    /// 0.8% (ancestral with β̃, which under-disperses slightly) and 0.3% (DDIM with all steps).
    /// </summary>
    private const double FullStepBias = 0.01;

    /// <summary>The same for DDIM with 200 of the 1000 steps, whose closed-form bias is 1.5% of the variance; its mean is
    /// off by 1.2% of the data's standard deviation at most, because x_T ~ N(0, I) stands in for x_996.</summary>
    private const double SkippedStepBias = 0.02;

    /// <summary>The data: two coordinates, one narrower and one wider than the N(0, 1) the reverse process starts from
    /// (s = 1 would make DDIM exact at any step count and so test less).</summary>
    private static readonly double[] Mean = [1.0, -2.0];
    private static readonly double[] Variance = [0.25, 4.0];

    [Theory]
    [InlineData(AncestralVariance.Posterior)]
    [InlineData(AncestralVariance.Beta)]
    public void Ancestral_WithTheExactPredictor_ReproducesTheDataMoments(AncestralVariance variance)
    {
        var schedule = NoiseSchedule.Cosine(1000);
        var model = new GaussianNoisePredictor(schedule, Mean, Variance);
        using var generator = new Generator(3);
        using var start = torch.randn([Samples, 2], ScalarType.Float64, generator: generator);
        using var samples = new DiffusionSampler(schedule).Ancestral(model, start, generator, variance);
        AssertMoments(samples, FullStepBias);
        Assert.Equal(1000, model.Calls);
    }

    [Theory]
    [InlineData(1000, FullStepBias)]
    [InlineData(200, SkippedStepBias)]
    public void Ddim_WithTheExactPredictor_ReproducesTheDataMoments(int steps, double bias)
    {
        var schedule = NoiseSchedule.Cosine(1000);
        var model = new GaussianNoisePredictor(schedule, Mean, Variance);
        using var generator = new Generator(5);
        using var start = torch.randn([Samples, 2], ScalarType.Float64, generator: generator);
        using var samples = new DiffusionSampler(schedule).Ddim(model, start, steps, eta: 0, generator);
        AssertMoments(samples, bias);
        Assert.Equal(steps, model.Calls);
    }

    [Fact]
    public void Ddim_WithEtaZero_IsDeterministicGivenTheStart()
    {
        var schedule = NoiseSchedule.Linear(100);
        var model = new GaussianNoisePredictor(schedule, Mean, Variance);
        var sampler = new DiffusionSampler(schedule);
        using var scope = torch.NewDisposeScope();
        var start = torch.randn([64, 2], ScalarType.Float64, generator: new Generator(1));
        using var first = new Generator(10);
        using var second = new Generator(20);
        var a = sampler.Ddim(model, start, 25, 0, first).ToArray<double>();
        var b = sampler.Ddim(model, start, 25, 0, second).ToArray<double>();
        Assert.Equal(a, b);
        // Nothing was drawn: both generators are where they started.
        Assert.Equal(new Generator(10).get_state().ToArray<byte>(), first.get_state().ToArray<byte>());

        // With noise the two generators must give different samples, or the comparison above proves nothing.
        var c = sampler.Ddim(model, start, 25, 1, new Generator(10)).ToArray<double>();
        var d = sampler.Ddim(model, start, 25, 1, new Generator(20)).ToArray<double>();
        Assert.NotEqual(c, d);
    }

    [Fact]
    public void Ddim_WithEtaOneAndAllSteps_IsAncestralSamplingWithThePosteriorVariance()
    {
        var schedule = NoiseSchedule.Cosine(50);
        var model = new GaussianNoisePredictor(schedule, Mean, Variance);
        var sampler = new DiffusionSampler(schedule);
        using var scope = torch.NewDisposeScope();
        var start = torch.randn([16, 2], ScalarType.Float64, generator: new Generator(2));
        var ddim = sampler.Ddim(model, start, 50, 1, new Generator(9));
        var ancestral = sampler.Ancestral(model, start, new Generator(9), AncestralVariance.Posterior);
        // The same noise enters both (one draw per step but the last); the updates agree up to round-off.
        double gap = (ddim - ancestral).abs().max().ItemAs<double>();
        Assert.True(gap < 1e-9, $"DDIM(η = 1) and ancestral sampling differ by {gap}");
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(1000, 50)]
    [InlineData(10, 3)]
    [InlineData(7, 1)]
    public void Timesteps_RiseEvenlyFromOne_AndReachTOnlyWithAllSteps(int steps, int count)
    {
        var times = DiffusionSampler.Timesteps(steps, count);
        Assert.Equal(count, times.Length);
        Assert.Equal(1, times[0]);
        Assert.Equal(1 + (int)Math.Round((count - 1.0) * steps / count, MidpointRounding.AwayFromZero), times[^1]);
        Assert.Equal(count == steps, times[^1] == steps);
        for (int k = 1; k < count; k++)
            Assert.True(times[k] > times[k - 1], $"τ_{k + 1} = {times[k]} does not exceed τ_{k} = {times[k - 1]}");
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffusionSampler.Timesteps(10, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffusionSampler.Timesteps(10, 0));
        var schedule = NoiseSchedule.Linear(10);
        using var start = torch.zeros([2, 2], ScalarType.Float64);
        using var generator = new Generator(1);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new DiffusionSampler(schedule).Ddim(new GaussianNoisePredictor(schedule, Mean, Variance), start, 5, 1.5, generator));
    }

    private static void AssertMoments(Tensor samples, double bias)
    {
        var values = samples.ToArray<double>();
        for (int d = 0; d < 2; d++)
        {
            var column = Enumerable.Range(0, Samples).Select(i => values[2 * i + d]).ToArray();
            double mean = column.Average();
            double variance = column.Sum(v => (v - mean) * (v - mean)) / (Samples - 1);
            double meanError = Math.Sqrt(Variance[d] / Samples), varianceError = Variance[d] * Math.Sqrt(2.0 / (Samples - 1));
            Assert.True(Math.Abs(mean - Mean[d]) <= Sigmas * meanError + bias * Math.Sqrt(Variance[d]),
                $"coordinate {d}: sampled mean {mean}, data mean {Mean[d]} (standard error {meanError}, allowed bias {bias:P0} of s)");
            Assert.True(Math.Abs(variance - Variance[d]) <= Sigmas * varianceError + bias * Variance[d],
                $"coordinate {d}: sampled variance {variance}, data variance {Variance[d]} (standard error {varianceError}, allowed bias {bias:P0})");
        }
    }
}
