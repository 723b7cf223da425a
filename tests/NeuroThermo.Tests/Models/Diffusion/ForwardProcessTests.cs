using NeuroThermo.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Diffusion;

/// <summary>
/// The forward process against its closed form q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I): the one-step process iterated
/// t times, and the jump <see cref="ForwardProcess.Marginal"/>, on many independent rows.
/// </summary>
public sealed class ForwardProcessTests
{
    /// <summary>Rows noised in parallel; with two coordinates each, 2·Rows draws per moment.</summary>
    private const int Rows = 20_000;

    /// <summary>Allowed |estimate − exact| in standard errors; a 4.5σ miss has odds of about 1 in 150,000.</summary>
    private const double Sigmas = 4.5;

    private static readonly double[] Clean = [1.5, -0.7];

    [Theory]
    [InlineData(NoiseScheduleKind.Linear)]
    [InlineData(NoiseScheduleKind.Cosine)]
    public void IteratedSteps_MatchTheClosedFormMarginal(NoiseScheduleKind kind)
    {
        var schedule = NoiseSchedule.Create(kind, 1000);
        int[] checkpoints = [1, 10, 100, 400, 700, 1000];
        using var generator = new Generator(7);
        using var x0 = torch.tensor(Clean).expand(Rows, 2).contiguous(); // (N, 2)
        var x = x0.clone();
        for (int t = 1; t <= schedule.Steps; t++)
        {
            using (var scope = torch.NewDisposeScope())
            {
                var next = ForwardProcess.Step(schedule, x, t, torch.randn([Rows, 2], ScalarType.Float64, generator: generator));
                x.Dispose();
                x = next.DetachFromDisposeScope();
            }
            if (checkpoints.Contains(t))
                AssertMarginal(schedule, t, x);
        }
        x.Dispose();
    }

    [Theory]
    [InlineData(NoiseScheduleKind.Linear)]
    [InlineData(NoiseScheduleKind.Cosine)]
    public void Marginal_DrawsFromTheClosedForm_AtEveryRowsOwnStep(NoiseScheduleKind kind)
    {
        var schedule = NoiseSchedule.Create(kind, 1000);
        using var generator = new Generator(11);
        foreach (int t in new[] { 0, 3, 250, 999 })
        {
            using var scope = torch.NewDisposeScope();
            var x0 = torch.tensor(Clean).expand(Rows, 2).contiguous();
            var x = ForwardProcess.Marginal(schedule, x0, torch.full([Rows], t, ScalarType.Int64), torch.randn([Rows, 2], ScalarType.Float64, generator: generator));
            AssertMarginal(schedule, t, x);
        }
    }

    [Fact]
    public void Marginal_UsesEachRowsOwnStep()
    {
        var schedule = NoiseSchedule.Cosine(100);
        using var scope = torch.NewDisposeScope();
        var x0 = torch.ones([3, 1], ScalarType.Float64);
        var noise = torch.ones([3, 1], ScalarType.Float64);
        var x = ForwardProcess.Marginal(schedule, x0, torch.tensor(new long[] { 0, 50, 100 }), noise).ToArray<double>();
        for (int i = 0; i < 3; i++)
        {
            double alphaBar = schedule.AlphaBar(50 * i);
            Assert.Equal(Math.Sqrt(alphaBar) + Math.Sqrt(1 - alphaBar), x[i], 1e-12);
        }
    }

    private static void AssertMarginal(NoiseSchedule schedule, int t, Tensor x)
    {
        double alphaBar = schedule.AlphaBar(t), variance = 1 - alphaBar;
        var values = x.ToArray<double>();
        for (int d = 0; d < 2; d++)
        {
            var column = Enumerable.Range(0, Rows).Select(i => values[2 * i + d]).ToArray();
            double mean = column.Average();
            double sampleVariance = column.Sum(v => (v - mean) * (v - mean)) / (Rows - 1);
            double meanError = Math.Sqrt(variance / Rows), varianceError = variance * Math.Sqrt(2.0 / (Rows - 1));
            double expectedMean = Math.Sqrt(alphaBar) * Clean[d];
            Assert.True(Math.Abs(mean - expectedMean) <= Sigmas * meanError + 1e-12,
                $"t = {t}, coordinate {d}: mean {mean} against √ᾱ_t x_0 = {expectedMean} (standard error {meanError})");
            Assert.True(Math.Abs(sampleVariance - variance) <= Sigmas * varianceError + 1e-12,
                $"t = {t}, coordinate {d}: variance {sampleVariance} against 1 − ᾱ_t = {variance} (standard error {varianceError})");
        }
    }
}
