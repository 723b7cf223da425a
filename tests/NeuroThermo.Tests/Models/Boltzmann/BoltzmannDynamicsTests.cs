using NeuroThermo.Models.Boltzmann;
using NeuroThermo.Physics;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using Xunit.Abstractions;

namespace NeuroThermo.Tests.Models.Boltzmann;

/// <summary>
/// The machine's stochastic dynamics (heat bath at β) against eq. 4.20, p(s) = e^{−βE(s)}/Z, with Z and E summed here
/// in plain doubles from J and h (independent of the tensor code), by Pearson's χ² test.
/// </summary>
public sealed class BoltzmannDynamicsTests(ITestOutputHelper output)
{
    /// <summary>Fisher-combined p above this passes; a correct sampler with fixed seeds fails with probability 1 %.</summary>
    private const double PassingPValue = 0.01;

    /// <summary>The same histograms against the distribution at a wrong β must fall below this, to show the test has power.</summary>
    private const double RejectedPValue = 1e-6;

    private const int Units = 5, Chains = 4000, BurnInSweeps = 40, Repetitions = 3;
    private const double Beta = 0.9, WrongBeta = 1.3;

    [Fact]
    public void HeatBathStationaryDistribution_IsTheBoltzmannDistribution()
    {
        using var generator = new Generator(11);
        using var machine = BoltzmannMachineTests.RandomMachine(Units, Beta, generator);
        var exact = Boltzmann(machine, Beta);
        var wrong = Boltzmann(machine, WrongBeta);
        var passing = new double[Repetitions];
        var rejecting = new double[Repetitions];
        using var energy = machine.ToSpinGlass();
        using var sampler = SingleSpinSampler.HeatBath(energy, machine.InverseTemperature, SweepSchedule.Sequential);
        for (var r = 0; r < Repetitions; r++)
        {
            // Chains are independent, so one snapshot after burn-in is a sample of independent draws.
            using var state = sampler.Initialize(Chains, (ulong)(100 + r));
            sampler.Run(state, BurnInSweeps);
            using var codes = SpinConfigurations.ToCodes(state.Spins);
            var counts = new long[1 << Units];
            foreach (var code in codes.ToArray<long>()) counts[code]++;
            var fit = GoodnessOfFit.ChiSquareTest(counts, exact);
            passing[r] = fit.PValue;
            rejecting[r] = GoodnessOfFit.ChiSquareTest(counts, wrong).PValue;
            output.WriteLine($"repetition {r}: X² = {fit.Statistic:F1}, {fit.DegreesOfFreedom} dof, p = {fit.PValue:G3}; at β' = {WrongBeta}: p = {rejecting[r]:G3}");
        }
        Assert.True(GoodnessOfFit.FisherCombined(passing) > PassingPValue, $"p-values [{string.Join(", ", passing)}].");
        Assert.True(GoodnessOfFit.FisherCombined(rejecting) < RejectedPValue, $"The wrong β was not rejected: [{string.Join(", ", rejecting)}].");
    }

    /// <summary>e^{−βE(s)}/Z over all codes, E = −Σ_{i&lt;j} J_ij s_i s_j − Σ_i h_i s_i summed in doubles.</summary>
    private static double[] Boltzmann(BoltzmannMachine machine, double beta)
    {
        var n = machine.UnitCount;
        var j = Numerics.Values(machine.Weights.detach());
        var h = Numerics.Values(machine.Biases.detach());
        var weights = new double[1 << n];
        for (var code = 0; code < 1 << n; code++)
        {
            var s = Enumerable.Range(0, n).Select(i => ((code >> i) & 1) == 1 ? 1.0 : -1.0).ToArray();
            var energy = 0.0;
            for (var a = 0; a < n; a++)
            {
                energy -= h[a] * s[a];
                for (var b = a + 1; b < n; b++) energy -= j[a * n + b] * s[a] * s[b];
            }
            weights[code] = Math.Exp(-beta * energy);
        }
        var z = weights.Sum();
        return weights.Select(w => w / z).ToArray();
    }
}
