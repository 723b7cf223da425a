using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.MeanField;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>The Curie–Weiss binomial sum against enumeration and against mean-field theory at large N.</summary>
public sealed class CurieWeissTests
{
    private const double RelTol = 1e-12;

    // Enumeration forms U, C and χ from sums of up to 2^20 weighted terms (a BLAS product), and C as ⟨ΔE²⟩ − ⟨ΔE⟩²
    // about the lowest energy; that costs a few digits against the binomial sum's two-pass variance.
    private const double MomentRelTol = 1e-10;
    private static readonly double[] Betas = [0, 0.3, 1.0, 1.6, 50];

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(1.4, 0.15)]
    [InlineData(-0.8, 0.3)]
    public void BinomialSum_MatchesEnumeration_UpTo20Spins(double coupling, double field)
    {
        foreach (var n in new[] { 1, 2, 5, 12, 20 })
        {
            using var model = new CurieWeissModel(n, coupling, field);
            using var enumeration = new ExactEnumeration(model);
            using var binomial = new CurieWeissExact(n, coupling, field);
            var exact = enumeration.Thermodynamics(Betas);
            var sum = binomial.Thermodynamics(Betas);
            for (var b = 0; b < Betas.Length; b++)
            {
                var where = $"N = {n}, β = {Betas[b]}";
                AssertRelative(exact[b].LogPartitionFunction, sum[b].LogPartitionFunction, $"ln Z, {where}");
                AssertRelative(exact[b].InternalEnergy, sum[b].InternalEnergy, $"U, {where}", floor: 1, tolerance: MomentRelTol);
                AssertRelative(exact[b].HeatCapacity, sum[b].HeatCapacity, $"C, {where}", floor: 1e-3, tolerance: MomentRelTol);
                AssertRelative(exact[b].AbsoluteMagnetization, sum[b].AbsoluteMagnetization, $"⟨|m|⟩, {where}", floor: 1, tolerance: MomentRelTol);
                AssertRelative(exact[b].Susceptibility, sum[b].Susceptibility, $"χ, {where}", floor: 1e-3, tolerance: MomentRelTol);
            }
        }
    }

    [Fact]
    public void BinomialSum_EnergyDerivatives_MatchMoments()
    {
        using var binomial = new CurieWeissExact(1000, coupling: 1, field: 0.01);
        double[] betas = [0.5, 0.99, 1.3];
        var points = binomial.Thermodynamics(betas);
        var curves = ThermodynamicDerivatives.Evaluate(binomial.LogPartitionFunction, betas);
        for (var b = 0; b < betas.Length; b++)
        {
            AssertRelative(points[b].InternalEnergy, curves.InternalEnergy[b], $"U at β = {betas[b]}", floor: 1, tolerance: 1e-10);
            AssertRelative(points[b].HeatCapacity, curves.HeatCapacity[b], $"C at β = {betas[b]}", floor: 1, tolerance: 1e-10);
        }
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(1.5, 0.0)]
    [InlineData(1.2, 0.05)]
    public void MillionSpins_LogZ_MatchesSaddlePointWithGaussianCorrection(double beta, double field)
    {
        const int n = 1_000_000;
        using var binomial = new CurieWeissExact(n, coupling: 1, field: field);
        var logZ = binomial.Thermodynamics([beta])[0].LogPartitionFunction;
        // ln Z = −N βf(m*) − βJ/2 − ½ ln(1 − βJ(1 − m*²)) (+ ln 2 for the two saddles ±m* at h = 0 below T_c) + O(1/N).
        var m = CurieWeissMeanField.Magnetization(beta, 1, field);
        var saddle = -n * CurieWeissMeanField.ReducedFreeEnergy(m, beta, 1, field) - beta / 2 - 0.5 * Math.Log(1 - beta * (1 - m * m));
        if (field == 0 && beta > 1) saddle += Math.Log(2);
        Assert.Equal(saddle, logZ, 1e-4);
    }

    [Fact]
    public void FiniteN_AbsoluteMagnetization_ApproachesMeanField()
    {
        const double beta = 1.5;
        var meanField = CurieWeissMeanField.Magnetization(beta);
        var gaps = new[] { 100, 10_000, 1_000_000 }.Select(n =>
        {
            using var binomial = new CurieWeissExact(n);
            return Math.Abs(binomial.Thermodynamics([beta])[0].AbsoluteMagnetization - meanField);
        }).ToArray();
        Assert.True(gaps[1] < gaps[0] / 10 && gaps[2] < gaps[1] / 10, $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[2] < 1e-5, $"N = 10⁶ misses mean field by {gaps[2]}");
    }

    [Fact]
    public void MeanField_SelfConsistency_AndLandau()
    {
        Assert.Equal(0.0, CurieWeissMeanField.Magnetization(0.9));
        Assert.Equal(1.0, CurieWeissMeanField.CriticalInverseTemperature());
        foreach (var (beta, field) in new[] { (1.5, 0.0), (0.7, 0.2), (2.0, -0.1), (0.3, 1.0) })
        {
            var m = CurieWeissMeanField.Magnetization(beta, 1, field);
            Assert.Equal(Math.Tanh(beta * (m + field)), m, 1e-15);
            Assert.True(field == 0 || Math.Sign(m) == Math.Sign(field));
        }
        // m / √(3(βJ − 1)) → 1 as βJ → 1⁺, with a correction of order βJ − 1.
        foreach (var epsilon in new[] { 1e-2, 1e-4 })
        {
            var ratio = CurieWeissMeanField.Magnetization(1 + epsilon) / CurieWeissMeanField.LandauMagnetization(1 + epsilon);
            Assert.InRange(Math.Abs(ratio - 1), 0, epsilon);
        }
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(1.0)]
    [InlineData(1.7)]
    public void LandauCoefficients_AreAutogradDerivativesOfTheFreeEnergy(double beta)
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.zeros([], torch.float64, requires_grad: true);
        var f = CurieWeissMeanField.ReducedFreeEnergy(m, beta);
        var d1 = Guarded.grad(f, m, create_graph: true);
        var d2 = Guarded.grad(d1, m, create_graph: true);
        var d3 = Guarded.grad(d2, m, create_graph: true);
        var d4 = Guarded.grad(d3, m);
        Assert.Equal(-Math.Log(2), f.ItemAs<double>(), 1e-15);
        Assert.Equal(2 * CurieWeissMeanField.QuadraticCoefficient(beta), d2.ItemAs<double>(), 1e-12);   // f'' = 2a
        Assert.Equal(24 * CurieWeissMeanField.QuarticCoefficient, d4.ItemAs<double>(), 1e-10);           // f'''' = 24b
        // Stationarity of βf at m* is the self-consistency equation.
        var star = torch.full([], CurieWeissMeanField.Magnetization(beta, 1, 0.1), torch.float64, requires_grad: true);
        var slope = Guarded.grad(CurieWeissMeanField.ReducedFreeEnergy(star, beta, 1, 0.1), star);
        Assert.Equal(0.0, slope.ItemAs<double>(), 1e-12);
    }

    [Theory]
    [InlineData(0.6, 0.0)]
    [InlineData(1.4, 0.05)]   // below T_c m(h) jumps at h = 0, so the derivative is taken on one branch
    [InlineData(1.1, -0.2)]
    public void MeanField_ResponseFunctions_AreDerivativesOfTheSolution(double beta, double field)
    {
        // Central differences of the bisection solution, whose error is O(step²) ≈ 1e-10 relative here.
        const double step = 1e-5, tolerance = 1e-7;
        var chi = (CurieWeissMeanField.Magnetization(beta, 1, field + step) - CurieWeissMeanField.Magnetization(beta, 1, field - step)) / (2 * step);
        Assert.Equal(chi, CurieWeissMeanField.Susceptibility(beta, 1, field), tolerance);
        double Energy(double temperature) => CurieWeissMeanField.InternalEnergyPerSpin(1 / temperature, 1, field);
        var heat = (Energy(1 / beta + step) - Energy(1 / beta - step)) / (2 * step);
        Assert.Equal(heat, CurieWeissMeanField.HeatCapacityPerSpin(beta, 1, field), tolerance);
        // The jump at T_c: c → 3/2 from below at h = 0.
        Assert.Equal(1.5, CurieWeissMeanField.HeatCapacityPerSpin(1 + 1e-7), 1e-5);
    }

    private static void AssertRelative(double expected, double actual, string what, double floor = 1e-300, double tolerance = RelTol)
    {
        var scale = Math.Max(Math.Abs(expected), floor);
        Assert.True(Math.Abs(actual - expected) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
