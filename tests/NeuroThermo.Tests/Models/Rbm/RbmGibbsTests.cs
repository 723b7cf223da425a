using NeuroThermo.Models.Rbm;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>
/// Block Gibbs sampling against the exact marginal p(v) = Σ_h e^{−E(v, h)}/Z of a tiny machine, computed in plain
/// doubles by <see cref="RbmReference"/>, by Pearson's χ² test.
/// </summary>
public sealed class RbmGibbsTests
{
    /// <summary>A correct sampler with this seed fails with probability 1 %.</summary>
    private const double PassingPValue = 0.01;

    /// <summary>The same histogram against a machine with other weights must fall below this: the test has power.</summary>
    private const double RejectedPValue = 1e-6;

    private const int Visible = 4, Hidden = 3, Chains = 6000, Sweeps = 100;

    [Theory]
    [InlineData(RbmUnits.Bernoulli)]
    [InlineData(RbmUnits.Spin)]
    public void BlockGibbs_SamplesTheMarginalOfTheVisibleUnits(RbmUnits units)
    {
        using var generator = new Generator(21);
        // Spins couple four times as strongly at the same σ (v_i h_j spans 4, not 1), so they get half the σ to mix fast.
        var scale = units == RbmUnits.Bernoulli ? 0.8 : 0.4;
        using var machine = RbmReference.RandomMachine(Visible, Hidden, units, scale, generator);
        using var other = RbmReference.RandomMachine(Visible, Hidden, units, scale, generator);
        using var chain = RbmChain.Random(machine, Chains, seed: 5);
        machine.Gibbs(chain, Sweeps);

        var counts = new long[1 << Visible];
        foreach (var row in RbmReference.Rows(chain.Visible))
            counts[Enumerable.Range(0, Visible).Sum(k => row[k] > 0 ? 1 << k : 0)]++;
        var fit = GoodnessOfFit.ChiSquareTest(counts, Marginal(machine));
        var misfit = GoodnessOfFit.ChiSquareTest(counts, Marginal(other));
        Assert.True(fit.PValue > PassingPValue, $"χ² = {fit.Statistic:F1} on {fit.DegreesOfFreedom} dof, p = {fit.PValue:G3}");
        Assert.True(misfit.PValue < RejectedPValue, $"a different machine was not rejected: p = {misfit.PValue:G3}");
    }

    private static double[] Marginal(RestrictedBoltzmannMachine machine)
    {
        var reference = new RbmReference(machine);
        var logWeights = Enumerable.Range(0, 1 << Visible).Select(c => -reference.FreeEnergy(reference.State(c, Visible))).ToArray();
        var logZ = RbmReference.LogSumExp(logWeights);
        return logWeights.Select(x => Math.Exp(x - logZ)).ToArray();
    }
}
