using Xunit.Abstractions;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Sampling;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

/// <summary>
/// Every sampler against the exact Boltzmann distribution of a 9-spin system (exact enumeration): the histogram of
/// sampled configurations passes Pearson's χ² test, with the p-values of independent repetitions combined by Fisher's
/// method. Seeds are fixed, so each test is deterministic; and the same test rejects samples drawn at a wrong β.
/// </summary>
public sealed class SamplerExactDistributionTests(ITestOutputHelper output)
{
    /// <summary>
    /// A sampler passes when the Fisher-combined p-value exceeds this. With correct samplers a combined p is uniform, so
    /// a fixed seed fails with probability 1 %; the tests are deterministic, so that is a one-off check when seeds change.
    /// </summary>
    private const double PassingPValue = 0.01;

    /// <summary>Independent repetitions (distinct seeds) combined per sampler, model and β.</summary>
    private const int Repetitions = 3;

    /// <summary>
    /// Below this the wrong-temperature sample must be rejected: far below <see cref="PassingPValue"/>, so the
    /// test shows the χ² check has power, not that it was lucky.
    /// </summary>
    private const double RejectedPValue = 1e-6;

    public static TheoryData<string, string, double> Cases()
    {
        var data = new TheoryData<string, string, double>();
        foreach (var kind in SamplerHarness.SingleSpinKinds.Append("parallel-tempering"))
        {
            foreach (var beta in new[] { 0.25, 0.5 }) data.Add(kind, "ferromagnet", beta);
            foreach (var beta in new[] { 0.3, 0.7 }) data.Add(kind, "spin-glass", beta);
        }
        data.Add("wolff", "ferromagnet", 0.25);
        data.Add("wolff", "ferromagnet", 0.5);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SampledHistogram_FitsExactBoltzmannDistribution(string kind, string model, double beta)
    {
        using var energy = Model(model);
        var exact = SamplerHarness.ExactProbabilities(energy, beta);
        var pValues = new double[Repetitions];
        using var sampler = SamplerHarness.Create(kind, energy, beta);
        for (var r = 0; r < Repetitions; r++)
        {
            var counts = SamplerHarness.Histogram(sampler, SamplingPlan.For(sampler), seed: (ulong)(1000 + r));
            var result = GoodnessOfFit.ChiSquareTest(counts, exact);
            output.WriteLine($"repetition {r}: X² = {result.Statistic:F1}, {result.DegreesOfFreedom} dof, p = {result.PValue:G3}");
            pValues[r] = result.PValue;
        }
        var combined = GoodnessOfFit.FisherCombined(pValues);
        Assert.True(combined > PassingPValue, $"{kind} on the {model} at β = {beta}: p-values [{string.Join(", ", pValues)}], combined {combined}.");
    }

    [Theory]
    [InlineData("ferromagnet", 0.5, 0.4)]
    [InlineData("spin-glass", 0.7, 0.56)]
    public void ChiSquare_RejectsSamplesDrawnAtTheWrongTemperature(string model, double sampledBeta, double testedBeta)
    {
        using var energy = Model(model);
        var exact = SamplerHarness.ExactProbabilities(energy, testedBeta);
        using var sampler = SingleSpinSampler.HeatBath(energy, sampledBeta);
        var pValues = Enumerable.Range(0, Repetitions)
            .Select(r => GoodnessOfFit.ChiSquareTest(SamplerHarness.Histogram(sampler, SamplingPlan.Default, seed: (ulong)(2000 + r)), exact).PValue)
            .ToArray();
        Assert.True(GoodnessOfFit.FisherCombined(pValues) < RejectedPValue, $"p-values [{string.Join(", ", pValues)}] did not reject β = {sampledBeta} as β = {testedBeta}.");
    }

    [Fact]
    public void ParallelTempering_HotReplicaFitsItsOwnTemperature()
    {
        using var energy = SamplerHarness.SpinGlass();
        using var sampler = ParallelTempering.Geometric(energy, 0.2, 0.8, 4, SingleSpinRule.Metropolis, SweepSchedule.Sequential);
        var exact = SamplerHarness.ExactProbabilities(energy, sampler.InverseTemperatures[0]);
        var plan = SamplingPlan.Tempering;
        var counts = new long[exact.Length];
        using var state = sampler.Initialize(plan.Chains, seed: 3000);
        sampler.Run(state, plan.BurnIn);
        for (var record = 0; record < plan.Records; record++)
        {
            sampler.Run(state, plan.Thinning);
            using var hot = sampler.Replica(state, 0);
            using var codes = NeuroThermo.Physics.SpinConfigurations.ToCodes(hot);
            foreach (var code in codes.ToArray<long>()) counts[code]++;
        }
        Assert.True(GoodnessOfFit.ChiSquareTest(counts, exact).PValue > PassingPValue);
        Assert.All(state.SwapAcceptanceRates, rate => Assert.InRange(rate, 0.0, 1.0));
        Assert.All(state.SwapAttempts, attempts => Assert.True(attempts > 0));
    }

    internal static SpinEnergy Model(string name) => name switch
    {
        "ferromagnet" => SamplerHarness.Ferromagnet(),
        "spin-glass" => SamplerHarness.SpinGlass(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown model"),
    };
}
