using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

/// <summary>Counters, argument checks and edge cases every sampler promises in its documentation.</summary>
public sealed class SamplerContractTests
{
    private const int Chains = 8;

    [Fact]
    public void ParallelTempering_AttemptsEachPairEveryOtherSweepAndCountsAcceptances()
    {
        using var energy = SamplerHarness.SpinGlass();
        using var sampler = ParallelTempering.Geometric(energy, 0.2, 1.0, 5);
        using var state = sampler.Initialize(Chains, seed: 9);
        const int sweeps = 7;
        sampler.Run(state, 3);
        sampler.Run(state, sweeps - 3);   // two calls: the pair parity must follow the state's sweep count, not the call
        for (var r = 0; r < sampler.ReplicaCount - 1; r++)
        {
            var expected = Enumerable.Range(0, sweeps).Count(t => t % 2 == r % 2) * (long)Chains;
            Assert.Equal(expected, state.SwapAttempts[r]);
            Assert.InRange(state.SwapAcceptances[r], 1, state.SwapAttempts[r]);
        }
        Assert.Equal((long)sweeps * Chains * sampler.ReplicaCount * energy.SpinCount, state.ProposedFlips);
    }

    [Fact]
    public void SingleSpinSampler_CountsProposalsAndFlips()
    {
        using var energy = SamplerHarness.Ferromagnet();
        using var sampler = SingleSpinSampler.Metropolis(energy, 0.0, SweepSchedule.Sequential);
        using var state = sampler.Initialize(Chains, seed: 10);
        sampler.Run(state, 4);
        // At β = 0 Metropolis accepts every proposal: each sweep flips every spin.
        Assert.Equal(4L * Chains * energy.SpinCount, state.ProposedFlips);
        Assert.Equal(state.ProposedFlips, state.AcceptedFlips);
        Assert.Equal(1.0, state.AcceptanceRate);
    }

    [Fact]
    public void Wolff_AtInfiniteCouplingFlipsTheWholeConnectedLattice()
    {
        // With βJ large every aligned bond joins the cluster, so from an all-aligned start each update flips all N spins.
        using var energy = new IsingModel(Lattice.Chain(6, Boundary.Open), coupling: 1);
        using var sampler = new WolffSampler(energy, 50);
        using var state = sampler.Initialize(Chains, seed: 11);
        state.Spins.fill_(1.0);
        sampler.Run(state, 3);
        Assert.Equal(3L * Chains * energy.SpinCount, state.AcceptedFlips);
        Assert.All(state.Spins.ToArray<double>(), s => Assert.Equal(-1.0, s));
    }

    [Fact]
    public void BadArguments_AreRefusedWithTheParameterName()
    {
        using var energy = SamplerHarness.Ferromagnet();
        Assert.Equal("inverseTemperature", Assert.Throws<ArgumentOutOfRangeException>(() => SingleSpinSampler.Metropolis(energy, -1)).ParamName);
        Assert.Equal("inverseTemperature", Assert.Throws<ArgumentOutOfRangeException>(() => new WolffSampler(energy, double.NaN)).ParamName);
        using var sampler = SingleSpinSampler.HeatBath(energy, 0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Initialize(0, seed: 1));
        using var state = sampler.Initialize(Chains, seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Run(state, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelTempering.GeometricLadder(0, 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedAnnealing(energy, AnnealingSchedule.Linear(0, 1, 3), sweepsPerStage: 0));
    }

    [Fact]
    public void MaxCut_GraphWithoutEdgesHasCutZero()
    {
        var problem = new MaxCutProblem(3, []);
        Assert.Equal(0.0, problem.ExactMaximumCut());
        using var ising = problem.ToIsing();
        using var annealer = new SimulatedAnnealing(ising, AnnealingSchedule.Linear(0.1, 1, 3));
        using var result = annealer.Anneal(Chains, seed: 12);
        Assert.Equal(0.0, result.BestEnergy);
    }
}
