using NeuroThermo.Models.Energies;
using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Langevin;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Langevin;

/// <summary>
/// The stationary law of Langevin dynamics is e^{−βE}/Z (the Fokker–Planck equation's stationary solution):
/// histograms of the final states of many independent chains, each run far past its relaxation time from a start far
/// from equilibrium, against bin probabilities from quadrature of e^{−βE}, by Pearson's χ² test.
/// </summary>
public sealed class FokkerPlanckStationaryTests
{
    private const int Chains = 10_000;

    /// <summary>A correct sampler fails this by chance with probability 10⁻³.</summary>
    private const double MinimumPValue = 1e-3;

    /// <summary>Midpoint rule with 16 points per bin: ln Z good to ~1e-5, far below what 10,000 samples resolve.</summary>
    private const int PointsPerBin = 16;

    /// <summary>Bins beyond the box that the outside cell's probability is integrated over.</summary>
    private const int MarginBins = 12;

    /// <summary>The quadrature's ln Z against a closed form; the midpoint rule at this resolution is good to ~1e-5.</summary>
    private const double LogZTol = 1e-4;

    [Fact]
    public void Mala_OnDoubleWell_FromOneWell_ReachesTheBoltzmannHistogram()
    {
        // Barrier h a⁴ = 1 at β = 1.5: Kramers' rate is about 0.15 per unit time, so 2,000 steps of ε = 0.05 (t = 100)
        // equalise the wells to e^{−30}.
        using var energy = new DoubleWellEnergy(1, 1);
        var (test, _, acceptance) = FinalStatesTest(energy, 1.5, 1.5, start: 1, seed: 31, steps: 2000, DoubleWellGrid());
        Assert.True(test.PValue > MinimumPValue, $"χ² = {test.Statistic} with {test.DegreesOfFreedom} degrees of freedom, p = {test.PValue}.");
        Assert.InRange(acceptance, 0.8, 1.0);
    }

    [Fact]
    public void Mala_OnBanana_FromTheOrigin_ReachesTheBoltzmannHistogram()
    {
        using var energy = new BananaEnergy(1.5, 0.5);
        var grid = new HistogramGrid([-4.5, -4.0], [4.5, 8.0], [12, 12]);
        var (test, law, _) = FinalStatesTest(energy, 1, 1, start: 0, seed: 41, steps: 1500, grid);
        // Independent check of the quadrature: Z = 2π s for the banana (x ~ N(0, s²), y | x ~ N(·, 1)).
        Assert.Equal(Math.Log(2 * Math.PI * energy.Width), law.LogPartitionFunction, LogZTol);
        Assert.True(test.PValue > MinimumPValue, $"χ² = {test.Statistic} with {test.DegreesOfFreedom} degrees of freedom, p = {test.PValue}.");
    }

    [Fact]
    public void ChiSquare_RejectsTheWrongTemperature()
    {
        // The test has power: chains at β = 1.5 against the law at β = 1 must fail.
        using var energy = new DoubleWellEnergy(1, 1);
        var (test, _, _) = FinalStatesTest(energy, 1.5, 1.0, start: 1, seed: 33, steps: 2000, DoubleWellGrid());
        Assert.True(test.PValue < MinimumPValue, $"p = {test.PValue}");
    }

    private static HistogramGrid DoubleWellGrid() => new([-2.0], [2.0], [40]);

    /// <summary>
    /// MALA (ε = 0.05) chains at <paramref name="chainBeta"/>, all started at (start, …), run <paramref name="steps"/>
    /// steps; their final states against e^{−βE}/Z at <paramref name="lawBeta"/> by χ².
    /// </summary>
    private static (ChiSquareResult Test, BinnedBoltzmannLaw Law, double Acceptance) FinalStatesTest(ContinuousEnergy energy,
        double chainBeta, double lawBeta, double start, ulong seed, int steps, HistogramGrid grid)
    {
        var sampler = new LangevinSampler(energy, 0.05, chainBeta, LangevinRule.MetropolisAdjusted);
        using var positions = torch.full([Chains, energy.Dimension], start, torch.float64);
        using var state = new LangevinState(positions, seed);
        sampler.Run(state, steps);
        var law = BoltzmannQuadrature.Integrate(energy, lawBeta, grid, PointsPerBin, MarginBins);
        return (GoodnessOfFit.ChiSquareTest(grid.Count(state.Positions), law.Probabilities), law, state.AcceptanceRate);
    }
}
