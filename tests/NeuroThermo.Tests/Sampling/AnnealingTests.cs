using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

/// <summary>Simulated annealing as an Ising machine: ground states of small glasses and MaxCut optima, checked by enumeration.</summary>
public sealed class AnnealingTests
{
    /// <summary>
    /// Energies and cuts are sums of O(N²) doubles of order one, so rounding differs between the enumeration's matrix
    /// products and the sampler's bond sums by ~1e-14; far below any gap between distinct energies of these instances.
    /// </summary>
    private const double EnergyTolerance = 1e-9;

    /// <summary>Chains per annealing run: cheap in a batch, and enough that the best of them is the optimum.</summary>
    private const int Chains = 64;

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Annealing_FindsExactGroundStateOfSherringtonKirkpatrick(ulong seed)
    {
        using var generator = new Generator(seed);
        using var model = SherringtonKirkpatrick.Sample(14, generator);
        AssertFindsGroundState(model, AnnealingSchedule.Geometric(0.1, 5, 60), seed);
    }

    [Theory]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public void Annealing_FindsExactGroundStateOfEdwardsAnderson(ulong seed)
    {
        using var generator = new Generator(seed);
        using var model = EdwardsAndersonModel.Sample(Lattice.Square(4, 4, Boundary.Periodic), BondDistribution.Gaussian, generator);
        AssertFindsGroundState(model, AnnealingSchedule.Linear(0.1, 4, 60), seed);
    }

    [Fact]
    public void CustomSchedule_IsFollowedAndBestIsNeverWorseThanTheEnd()
    {
        using var generator = new Generator(6);
        using var model = SherringtonKirkpatrick.Sample(10, generator);
        var schedule = AnnealingSchedule.Custom([0.2, 0.5, 1.0, 2.0, 4.0]);
        using var annealer = new SimulatedAnnealing(model, schedule, sweepsPerStage: 3, SingleSpinRule.HeatBath, SweepSchedule.Sequential);
        using var state = annealer.Initialize(Chains, seed: 6);
        annealer.Run(state, int.MaxValue);
        Assert.Equal(annealer.TotalSweeps, state.Sweeps);
        using var final = model.Energy(state.Spins);
        var finalEnergies = final.ToArray<double>();
        using var result = SimulatedAnnealing.Result(state);
        for (var c = 0; c < Chains; c++) Assert.True(result.BestEnergies[c] <= finalEnergies[c] + EnergyTolerance);
        using var recomputed = model.Energy(result.BestSpins);
        Assert.Equal(result.BestEnergies, recomputed.ToArray<double>(), (a, b) => Math.Abs(a - b) < EnergyTolerance);
    }

    [Fact]
    public void MaxCut_AnnealingEqualsExactOptimumOnTwentyRandomGraphs()
    {
        using var generator = new Generator(20261122);
        for (var graph = 0; graph < 20; graph++)
        {
            var vertices = 8 + graph % 13;   // 8 … 20
            var problem = MaxCutProblem.Random(vertices, edgeProbability: 0.4, generator, minimumWeight: 0.5, maximumWeight: 2);
            var exact = problem.ExactMaximumCut();
            using var ising = problem.ToIsing();
            using var annealer = new SimulatedAnnealing(ising, AnnealingSchedule.Geometric(0.1, 6, 60));
            using var result = annealer.Anneal(Chains, seed: (ulong)graph);
            var best = result.BestConfiguration();
            var cut = problem.CutValue(best);
            Assert.True(Math.Abs(cut - exact) < EnergyTolerance, $"graph {graph} ({vertices} vertices): annealing cut {cut}, exact {exact}.");
            Assert.True(Math.Abs((problem.TotalWeight - result.BestEnergy) / 2 - cut) < EnergyTolerance, "cut = (W − E)/2 fails");
        }
    }

    [Fact]
    public void Schedules_HaveTheirDocumentedShape()
    {
        var linear = AnnealingSchedule.Linear(0.5, 2, 4).InverseTemperatures;
        var geometric = AnnealingSchedule.Geometric(0.5, 4, 4).InverseTemperatures;
        // Linear: equal differences; geometric: equal ratios; both end exactly at the requested ends.
        Assert.Equal([0.5, 1.0, 1.5, 2.0], linear.ToArray(), (a, b) => Math.Abs(a - b) < EnergyTolerance);
        Assert.Equal([0.5, 1.0, 2.0, 4.0], geometric.ToArray(), (a, b) => Math.Abs(a - b) < EnergyTolerance);
        Assert.Throws<ArgumentOutOfRangeException>(() => AnnealingSchedule.Geometric(0, 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnnealingSchedule.Custom([0.1, double.NaN]));
    }

    private static void AssertFindsGroundState(SpinEnergy model, AnnealingSchedule schedule, ulong seed)
    {
        using var enumeration = new ExactEnumeration(model);
        var ground = enumeration.GroundStates();
        using var annealer = new SimulatedAnnealing(model, schedule);
        using var result = annealer.Anneal(Chains, seed);
        Assert.True(Math.Abs(result.BestEnergy - ground.Energy) < EnergyTolerance, $"annealing reached E = {result.BestEnergy}, ground state E₀ = {ground.Energy}.");
        using var best = result.BestSpins.narrow(0, result.BestChain, 1);
        using var code = NeuroThermo.Physics.SpinConfigurations.ToCodes(best);
        Assert.Contains(code.ItemAs<long>(), ground.Codes);
    }
}
