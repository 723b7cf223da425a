using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Physics.TransferMatrices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>The 1D and 2D transfer matrices against exact enumeration, and their limits.</summary>
public sealed class TransferMatrixTests
{
    private const double RelTol = 1e-12;

    // For C, whose two estimates are both differences of larger numbers (see AssertHeatCapacity).
    private const double HeatCapacityRelTol = 1e-10;
    private static readonly double[] Betas = [0.05, 0.4, 1.3, 6.0];

    public static TheoryData<Boundary, double, double> ChainCases => new()
    {
        { Boundary.Periodic, 1.0, 0.0 },
        { Boundary.Periodic, -0.7, 0.35 },
        { Boundary.Open, 1.0, 0.25 },
        { Boundary.Open, -1.2, 0.0 },
    };

    [Theory]
    [MemberData(nameof(ChainCases))]
    public void Chain_MatchesEnumeration_ForEveryLengthFrom2To20(Boundary boundary, double coupling, double field)
    {
        for (var n = 2; n <= 20; n++)
        {
            using var model = new IsingModel(Lattice.Chain(n, boundary), coupling, field);
            using var enumeration = new ExactEnumeration(model);
            using var chain = new IsingChainTransferMatrix(n, boundary, coupling, field);
            var exact = enumeration.Thermodynamics(Betas, trackMagnetization: false);
            var curves = ThermodynamicDerivatives.Evaluate(chain.LogPartitionFunction, Betas);
            for (var b = 0; b < Betas.Length; b++)
            {
                AssertRelative(exact[b].LogPartitionFunction, curves.LogPartitionFunction[b], $"ln Z, N = {n}, β = {Betas[b]}");
                AssertRelative(exact[b].InternalEnergy, curves.InternalEnergy[b], $"U, N = {n}, β = {Betas[b]}", floor: 1);
                AssertHeatCapacity(exact[b], curves.HeatCapacity[b], $"C, N = {n}, β = {Betas[b]}");
            }
        }
    }

    [Fact]
    public void Chain_FreeEnergyDensity_ConvergesToTheLargestEigenvalue()
    {
        const double beta = 0.8, coupling = 1, field = 0.1;
        var limit = IsingChainTransferMatrix.FreeEnergyPerSpinLimit(beta, coupling, field);
        var xi = IsingChainTransferMatrix.CorrelationLength(beta, coupling, field);
        // A ring differs from the limit by ln(1 + (λ₋/λ₊)^N) ≈ e^{−N/ξ} in ln Z; the open chain by O(1/N).
        foreach (var n in new[] { 5, 10, 20, 40 })
        {
            using var ring = new IsingChainTransferMatrix(n, Boundary.Periodic, coupling, field);
            var gap = Math.Abs(ring.FreeEnergyPerSpin(beta) - limit);
            Assert.InRange(gap * beta * n, 0.5 * Math.Exp(-n / xi), 2 * Math.Exp(-n / xi));
        }
        using var longOpen = new IsingChainTransferMatrix(1_000_000_000, Boundary.Open, coupling, field);
        Assert.Equal(limit, longOpen.FreeEnergyPerSpin(beta), 1e-8);
    }

    [Fact]
    public void Chain_CorrelationLength_AtZeroField_IsMinusOneOverLnTanh()
    {
        foreach (var beta in new[] { 0.2, 1.0, 2.5 })
            Assert.Equal(-1 / Math.Log(Math.Tanh(beta)), IsingChainTransferMatrix.CorrelationLength(beta), 1e-9);
    }

    [Theory]
    [InlineData(Boundary.Periodic, 0.0)]
    [InlineData(Boundary.Periodic, 0.3)]
    [InlineData(Boundary.Open, 0.2)]
    public void Strip4x4_MatchesEnumeration(Boundary boundary, double field)
    {
        using var model = new IsingModel(Lattice.Square(4, 4, boundary), coupling: 1, field: field);
        using var enumeration = new ExactEnumeration(model);
        using var strip = new IsingStripTransferMatrix(4, 4, boundary, boundary, coupling: 1, field: field);
        var exact = enumeration.Thermodynamics(Betas, trackMagnetization: false);
        var curves = ThermodynamicDerivatives.Evaluate(strip.LogPartitionFunction, Betas);
        for (var b = 0; b < Betas.Length; b++)
        {
            AssertRelative(exact[b].LogPartitionFunction, curves.LogPartitionFunction[b], $"ln Z, β = {Betas[b]}");
            AssertRelative(exact[b].InternalEnergy, curves.InternalEnergy[b], $"U, β = {Betas[b]}", floor: 1);
            AssertHeatCapacity(exact[b], curves.HeatCapacity[b], $"C, β = {Betas[b]}");
        }
        AssertRelative(exact[1].InternalEnergy / 16, strip.InternalEnergyPerSite(Betas[1]), "⟨E⟩ per site", floor: 1);
    }

    [Fact]
    public void Strip_RectangularAndMixedBoundaries_MatchEnumeration()
    {
        // 3 wide, 5 high: a cylinder (periodic width, open height) is not a Lattice.Square, so build its bonds by hand.
        var bonds = new List<(int, int)>();
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 3; x++)
            {
                bonds.Add((x + 3 * y, (x + 1) % 3 + 3 * y));
                if (y + 1 < 5) bonds.Add((x + 3 * y, x + 3 * (y + 1)));
            }
        }
        using var model = new IsingModel(Lattice.FromBonds(15, bonds), coupling: 0.9, field: -0.2);
        using var enumeration = new ExactEnumeration(model);
        using var strip = new IsingStripTransferMatrix(3, 5, Boundary.Periodic, Boundary.Open, coupling: 0.9, field: -0.2);
        using var beta = torch.tensor(Betas);
        using var logZ = strip.LogPartitionFunction(beta);
        var values = logZ.ToArray<double>();
        var exact = enumeration.Thermodynamics(Betas, trackMagnetization: false);
        for (var b = 0; b < Betas.Length; b++) AssertRelative(exact[b].LogPartitionFunction, values[b], $"ln Z, β = {Betas[b]}");
    }

    [Fact]
    public void InfiniteStrip_FreeEnergy_ApproachesOnsager()
    {
        const double beta = 0.2;   // T = 5 > T_c: a short correlation length, so the width converges fast
        var onsager = OnsagerSolution.FreeEnergyPerSite(beta);
        var errors = new[] { 4, 6, 8, 10 }.Select(w =>
        {
            using var strip = new IsingStripTransferMatrix(w, 2, Boundary.Periodic, Boundary.Periodic);
            return Math.Abs(strip.InfiniteStripFreeEnergyPerSite(beta) - onsager);
        }).ToArray();
        // Geometric convergence (each two columns cut the error more than tenfold), so the limit is Onsager's and not a
        // value near it: an offset δ would make the errors level off at δ.
        for (var k = 1; k < errors.Length; k++) Assert.True(errors[k] < errors[k - 1] / 10, $"errors {string.Join(", ", errors)}");
        Assert.True(errors[^1] < 1e-6, $"errors {string.Join(", ", errors)}");
    }

    [Fact]
    public void Strip_LongTorus_FreeEnergyPerSite_ApproachesInfiniteStrip()
    {
        using var torus = new IsingStripTransferMatrix(6, 4000, Boundary.Periodic, Boundary.Periodic, coupling: 1, field: 0.05);
        Assert.Equal(torus.InfiniteStripFreeEnergyPerSite(0.5), torus.FreeEnergyPerSite(0.5), 1e-10);
    }

    // C = β² ∂² ln Z/∂β² by autograd through a transfer matrix is the small difference ⟨E²⟩ − ⟨E⟩² formed inside the
    // backward pass, and enumeration's C a difference of moments about the lowest energy summed over up to 2^20 terms,
    // so the rounding error of both scales with β²U², not with C: a low-temperature C of 1e-8 next to U = −30 is good
    // to about 1e-13 absolute, not relative.
    private static void AssertHeatCapacity(ThermodynamicPoint exact, double actual, string what)
    {
        var scale = Math.Abs(exact.HeatCapacity) + Math.Pow(exact.InverseTemperature * exact.InternalEnergy, 2);
        Assert.True(Math.Abs(actual - exact.HeatCapacity) <= HeatCapacityRelTol * scale, $"{what}: expected {exact.HeatCapacity:R}, got {actual:R}");
    }

    private static void AssertRelative(double expected, double actual, string what, double floor = 1e-300)
    {
        var scale = Math.Max(Math.Abs(expected), floor);
        Assert.True(Math.Abs(actual - expected) <= RelTol * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
