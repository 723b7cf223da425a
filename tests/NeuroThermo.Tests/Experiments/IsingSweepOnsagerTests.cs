using NeuroThermo.Experiments;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Sampling;
using NeuroThermo.Tests.Physics;

namespace NeuroThermo.Tests.Experiments;

/// <summary>The acceptance check for the sweep's backend: L = 64 against Onsager's energy and Yang's magnetisation.</summary>
[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class IsingSweepOnsagerTests
{
    /// <summary>The criterion: a seeded Monte Carlo mean within 3 of its standard errors of the exact value.</summary>
    private const double StandardErrors = 3;

    /// <summary>Below T_c, ⟨|m|⟩ against Yang's m₀; above, ⟨m⟩ against 0, since a finite lattice's ⟨|m|⟩ is of order 1/L there.
    /// ξ ≤ 2 lattice spacings at these temperatures, so L = 64 differs from L → ∞ by far less than the errors.</summary>
    [Theory]
    [InlineData(1.5)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void L64_EnergyAndMagnetization_MatchOnsagerAndYang(double temperature)
    {
        using var chains = SquareIsingChains.Create(64, 1 / temperature, chains: 8, seed: 64);
        var point = IsingSweepExperiment.Simulate(chains, temperature, thermalizationSweeps: 500, measurementSweeps: 3_000);

        var comparisons = IsingSweepExperiment.Comparisons([point]);

        Assert.Equal(2, comparisons.Count);
        Assert.Equal(OnsagerSolution.InternalEnergyPerSite(1 / temperature), comparisons[0].Exact);
        Assert.All(comparisons, c => Assert.True(c.StandardErrors <= StandardErrors,
            $"T = {temperature}: {c.Quantity} = {c.Measured} is {c.StandardErrors:F2} standard errors from {c.Exact}"));
    }
}
