using NeuroThermo.Physics;
using NeuroThermo.Physics.Exact;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>
/// Exact enumeration on systems with known answers: the frustrated plaquette (eq. 2.65), the limits β → 0 and
/// β → ∞ (eq. 2.14), marginals (eqs. 2.15–2.19), and independence of the chunking.
/// </summary>
public sealed class EnumerationLimitTests
{
    private const double RelTol = 1e-13;

    [Fact]
    public void FrustratedPlaquette_HasEightGroundStatesAtEnergyMinusTwo()
    {
        using var model = TestModels.FrustratedPlaquette();
        using var enumeration = new ExactEnumeration(model);
        var ground = enumeration.GroundStates();
        Assert.Equal(-2.0, ground.Energy);
        Assert.Equal(8, ground.Degeneracy);
        Assert.Equal(8, ground.Codes.Count);
        // Exactly one bond is broken in each: a ground state and its global flip share the broken bond.
        using var spins = SpinConfigurations.FromCodes(torch.tensor(ground.Codes.ToArray()), 4);
        using var energies = model.Energy(spins);
        Assert.All(energies.ToArray<double>(), e => Assert.Equal(-2.0, e));
        Assert.Equal(Math.Log(8), ground.ResidualEntropy, 1e-15);
    }

    [Fact]
    public void FrustratedPlaquette_LogZ_IsStableFromBetaZeroToFifty()
    {
        // Levels −2 and +2, eight configurations each: Z = 16 cosh 2β.
        using var model = TestModels.FrustratedPlaquette();
        using var enumeration = new ExactEnumeration(model);
        double[] betas = [0, 1e-3, 0.5, 2, 10, 25, 50];
        var points = enumeration.Thermodynamics(betas);
        for (var b = 0; b < betas.Length; b++)
        {
            var beta = betas[b];
            var logZ = Math.Log(16) + 2 * beta + Math.Log((1 + Math.Exp(-4 * beta)) / 2);
            AssertRelative(logZ, points[b].LogPartitionFunction, $"ln Z at β = {beta}");
            AssertRelative(-2 * Math.Tanh(2 * beta), points[b].InternalEnergy, $"U at β = {beta}", floor: 1e-300);
            var heat = 4 * beta * beta / Math.Pow(Math.Cosh(2 * beta), 2);
            AssertRelative(heat, points[b].HeatCapacity, $"C at β = {beta}", floor: 1e-300, tolerance: 1e-10);
        }
        Assert.Equal(Math.Log(16), points[0].Entropy, 1e-14);   // β = 0: every configuration
        Assert.Equal(Math.Log(8), points[^1].Entropy, 1e-12);   // β = 50: the eight ground states
    }

    [Fact]
    public void Probabilities_AreUniformAtBetaZero_AndOverGroundStatesAtInfinity()
    {
        using var model = TestModels.FrustratedPlaquette();
        using var enumeration = new ExactEnumeration(model);
        using var hot = enumeration.Probabilities(0);
        Assert.All(hot.ToArray<double>(), p => Assert.Equal(1.0 / 16, p, 1e-15));
        using var frozen = enumeration.Probabilities(double.PositiveInfinity);
        using var cold = enumeration.Probabilities(50);
        var ground = enumeration.GroundStates().Codes.ToHashSet();
        var (limit, approach) = (frozen.ToArray<double>(), cold.ToArray<double>());
        for (var code = 0; code < 16; code++)
        {
            Assert.Equal(ground.Contains(code) ? 1.0 / 8 : 0.0, limit[code]);
            Assert.Equal(limit[code], approach[code], 1e-15);
        }
    }

    [Fact]
    public void Probabilities_AreBoltzmannWeights()
    {
        using var model = TestModels.RandomSpinGlass(7, seed: 3);
        using var enumeration = new ExactEnumeration(model);
        const double beta = 0.8;
        using var scope = torch.NewDisposeScope();
        var p = enumeration.Probabilities(beta);
        var energies = model.Energy(SpinConfigurations.Range(0, 128, 7));
        var weights = (energies * -beta).exp();
        var expected = weights / weights.sum();
        Assert.True((p - expected).abs().max().ItemAs<double>() < 1e-15);
    }

    [Fact]
    public void Marginal_SumsTheFullDistributionOverTheOtherSpins()
    {
        using var model = TestModels.RandomSpinGlass(9, seed: 4);
        using var enumeration = new ExactEnumeration(model, new ExactEnumerationOptions { InnerBits = 5, ChunkBits = 6 });
        const double beta = 0.6;
        int[] sites = [7, 2, 5];
        using var scope = torch.NewDisposeScope();
        var marginal = enumeration.Marginal(beta, sites).ToArray<double>();
        var full = enumeration.Probabilities(beta).ToArray<double>();
        var expected = new double[8];
        for (var code = 0; code < full.Length; code++)
        {
            var kept = 0;
            for (var k = 0; k < sites.Length; k++) kept |= ((code >> sites[k]) & 1) << k;
            expected[kept] += full[code];
        }
        for (var k = 0; k < 8; k++) Assert.Equal(expected[k], marginal[k], 1e-15);
        // A single-site marginal gives ⟨s_i⟩ = P(+) − P(−).
        var (magnetizations, correlations) = enumeration.SiteAverages(beta);
        var one = enumeration.Marginal(beta, [4]).ToArray<double>();
        Assert.Equal(magnetizations[4].ItemAs<double>(), one[1] - one[0], 1e-14);
        correlations.Dispose();
    }

    [Fact]
    public void Results_DoNotDependOnTheChunking()
    {
        using var model = TestModels.RandomSpinGlass(12, seed: 5);
        using var whole = new ExactEnumeration(model);
        using var pieces = new ExactEnumeration(model, new ExactEnumerationOptions { InnerBits = 4, ChunkBits = 7 });
        double[] betas = [0.1, 1, 5, 40];
        var a = whole.Thermodynamics(betas);
        var b = pieces.Thermodynamics(betas);
        for (var i = 0; i < betas.Length; i++)
        {
            AssertRelative(a[i].LogPartitionFunction, b[i].LogPartitionFunction, "ln Z");
            AssertRelative(a[i].InternalEnergy, b[i].InternalEnergy, "U", floor: 1, tolerance: 1e-12);
            AssertRelative(a[i].HeatCapacity, b[i].HeatCapacity, "C", floor: 1e-6, tolerance: 1e-9);
            for (var k = 0; k <= 12; k++) Assert.Equal(a[i].UpCountDistribution[k], b[i].UpCountDistribution[k], 1e-13);
        }
        using var beta = torch.tensor(betas);
        using var zWhole = whole.LogPartitionFunction(beta);
        using var zPieces = pieces.LogPartitionFunction(beta);
        var (x, y) = (zWhole.ToArray<double>(), zPieces.ToArray<double>());
        for (var i = 0; i < betas.Length; i++) AssertRelative(a[i].LogPartitionFunction, x[i], "ln Z (autograd path)");
        for (var i = 0; i < betas.Length; i++) AssertRelative(x[i], y[i], "ln Z (autograd path, chunked)");
        var (g1, g2) = (whole.GroundStates(), pieces.GroundStates());
        Assert.Equal(g1, g2 with { Codes = g1.Codes });
        Assert.Equal(g1.Codes, g2.Codes);
    }

    private static void AssertRelative(double expected, double actual, string what, double floor = 1e-300, double tolerance = RelTol)
    {
        var scale = Math.Max(Math.Abs(expected), floor);
        Assert.True(Math.Abs(actual - expected) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
