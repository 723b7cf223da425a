using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class DenseAnnealerTests
{
    /// <summary>Energies of ±1 configurations with O(1) couplings summed two ways agree to rounding.</summary>
    private const double EnergyTolerance = 1e-10;

    [Fact]
    public void Energy_MatchesTheModel_ForSkAndEdwardsAnderson()
    {
        using var generator = new Generator(3);
        using var sk = SherringtonKirkpatrick.Sample(9, generator, field: 0.3);
        using var ea = EdwardsAndersonModel.Sample(Lattice.Square(3, 3, Boundary.Periodic), BondDistribution.Gaussian, generator);
        foreach (SpinEnergy model in new SpinEnergy[] { sk, ea })
        {
            var annealer = new DenseAnnealer(model, AnnealingSchedule.Linear(0, 1, 2), 1);
            using var spins = NeuroThermo.Physics.SpinConfigurations.Random(5, 9, generator);
            using var energies = model.Energy(spins);
            var expected = energies.ToArray<double>();
            var rows = spins.ToArray<double>();
            for (var b = 0; b < 5; b++)
                Assert.Equal(expected[b], annealer.Energy(rows.AsSpan(b * 9, 9)), EnergyTolerance);
        }
    }

    /// <summary>On SK samples small enough to enumerate, the best of a few annealing runs is the exact ground state.</summary>
    [Theory]
    [InlineData(12, 1UL)]
    [InlineData(16, 2UL)]
    public void Sk_BestEnergy_IsTheEnumeratedGroundState(int spins, ulong seed)
    {
        using var generator = new Generator(seed);
        using var model = SherringtonKirkpatrick.Sample(spins, generator);
        var annealer = new DenseAnnealer(model, AnnealingSchedule.Geometric(0.1, 5, 100), 5);

        var (best, configuration) = annealer.Anneal(chains: 4, seed: (int)seed);

        using var enumeration = new ExactEnumeration(model);
        var groundState = enumeration.GroundStates(maxListed: 0).Energy;
        Assert.Equal(groundState, best.Min(), EnergyTolerance);
        Assert.Equal(best.Min(), annealer.Energy(configuration), EnergyTolerance);
        Assert.All(best, e => Assert.True(e >= groundState - EnergyTolerance));
    }
}
