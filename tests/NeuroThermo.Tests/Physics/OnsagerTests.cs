using NeuroThermo.Physics;
using NeuroThermo.Physics.Onsager;

namespace NeuroThermo.Tests.Physics;

/// <summary>Onsager's and Yang's exact results: known values, and the closed forms of u and c against autograd.</summary>
public sealed class OnsagerTests
{
    private const double Tol = 1e-9;
    private const double RelTol = 1e-10;
    private const double Catalan = 0.915965594177219015054603514932384110774;

    [Fact]
    public void CriticalTemperature_Is2OverLn1PlusSqrt2()
    {
        Assert.Equal(2.269185314213022, OnsagerSolution.CriticalTemperature(), 1e-14);
        Assert.Equal(2 * 2.269185314213022, OnsagerSolution.CriticalTemperature(coupling: 2), 1e-13);
        // At T_c, sinh 2β_c J = 1.
        Assert.Equal(1.0, Math.Sinh(2 * OnsagerSolution.CriticalInverseTemperature()), 1e-14);
    }

    [Fact]
    public void FreeEnergy_AtCriticalPoint_IsHalfLn2PlusTwoCatalanOverPi()
    {
        var exact = Math.Log(2) / 2 + 2 * Catalan / Math.PI;
        Assert.Equal(exact, OnsagerSolution.LogPartitionFunctionPerSite(OnsagerSolution.CriticalInverseTemperature()), Tol);
        // Just off T_c the integrand is nearly singular at θ = π/2; the quadrature must stay continuous there.
        var near = OnsagerSolution.LogPartitionFunctionPerSite(OnsagerSolution.CriticalInverseTemperature() * (1 + 1e-9));
        Assert.Equal(exact, near, 1e-8);
    }

    [Fact]
    public void FreeEnergy_Limits()
    {
        Assert.Equal(Math.Log(2), OnsagerSolution.LogPartitionFunctionPerSite(0), 1e-15);
        // Low temperature: ln Z/N = 2K + e^{−8K} + 2e^{−12K} + O(e^{−16K}) (single flips, then flipped neighbour pairs).
        const double k = 2;
        var expected = 2 * k + Math.Exp(-8 * k) + 2 * Math.Exp(-12 * k);
        Assert.Equal(expected, OnsagerSolution.LogPartitionFunctionPerSite(k), 1e-13);
    }

    [Theory]
    [InlineData(1.2)]
    [InlineData(2.0)]
    [InlineData(2.2)]
    [InlineData(2.4)]
    [InlineData(3.5)]
    public void InternalEnergyAndHeatCapacity_ClosedForms_MatchAutogradOfTheIntegral(double temperature)
    {
        var beta = 1 / temperature;
        var curves = ThermodynamicDerivatives.Evaluate(b => OnsagerSolution.LogPartitionFunctionPerSite(b), [beta]);
        AssertRelative(OnsagerSolution.InternalEnergyPerSite(beta), curves.InternalEnergy[0], "u");
        AssertRelative(OnsagerSolution.HeatCapacityPerSite(beta), curves.HeatCapacity[0], "c");
    }

    [Fact]
    public void InternalEnergy_AtCriticalPoint_IsMinusSqrt2()
    {
        Assert.Equal(-Math.Sqrt(2), OnsagerSolution.InternalEnergyPerSite(OnsagerSolution.CriticalInverseTemperature()), 1e-12);
        Assert.True(OnsagerSolution.HeatCapacityPerSite(OnsagerSolution.CriticalInverseTemperature() * (1 + 1e-6)) > 5);
    }

    [Fact]
    public void YangMagnetization_VanishesAboveTc_AndHasExponentOneEighth()
    {
        var betaC = OnsagerSolution.CriticalInverseTemperature();
        Assert.Equal(0.0, OnsagerSolution.SpontaneousMagnetization(betaC * 0.99));
        Assert.Equal(0.0, OnsagerSolution.SpontaneousMagnetization(betaC));
        Assert.Equal(1.0, OnsagerSolution.SpontaneousMagnetization(20), 1e-15);
        Assert.Equal(Math.Pow(1 - Math.Pow(Math.Sinh(1), -4), 0.125), OnsagerSolution.SpontaneousMagnetization(0.5), 1e-15);
        // m ∝ (T_c − T)^{1/8}: the log-log slope between two small distances from T_c.
        double M(double epsilon) => OnsagerSolution.SpontaneousMagnetization(1 / (OnsagerSolution.CriticalTemperature() * (1 - epsilon)));
        var slope = Math.Log(M(1e-6) / M(1e-8)) / Math.Log(1e-6 / 1e-8);
        Assert.Equal(0.125, slope, 1e-4);
    }

    [Fact]
    public void BadInput_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => OnsagerSolution.LogPartitionFunctionPerSite(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => OnsagerSolution.FreeEnergyPerSite(0));
        Assert.Throws<ArgumentOutOfRangeException>("coupling", () => OnsagerSolution.InternalEnergyPerSite(0.5, coupling: -1));
    }

    private static void AssertRelative(double expected, double actual, string what)
    {
        Assert.True(Math.Abs(actual - expected) <= RelTol * Math.Abs(expected), $"{what}: closed form {expected:R}, autograd {actual:R}");
    }
}
