using NeuroThermo.Physics.Exact;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>
/// Point 4 of the issue: every thermodynamic derivative of the enumerated ln Z, taken by autograd, against its
/// expectation-value formula computed from the Boltzmann weights directly.
/// </summary>
public sealed class EnumerationIdentityTests
{
    private const double RelTol = 1e-10;

    [Theory]
    [InlineData("spin-glass", 0.3)]
    [InlineData("spin-glass", 1.7)]
    [InlineData("sk", 0.8)]
    [InlineData("ising-square-periodic", 0.9)]
    [InlineData("curie-weiss", 1.2)]
    public void AutogradIdentities_MatchExpectationValues(string name, double beta)
    {
        using var model = TestModels.Create(name);
        using var enumeration = new ExactEnumeration(model);
        var direct = enumeration.Thermodynamics([beta])[0];
        var byAutograd = enumeration.ThermodynamicsByAutograd(beta);
        var (magnetizations, correlations) = enumeration.SiteAverages(beta);
        using (magnetizations)
        using (correlations)
        {
            AssertRelative(direct.LogPartitionFunction, byAutograd.LogPartitionFunction, "ln Z");
            AssertRelative(direct.InternalEnergy, byAutograd.InternalEnergy, "U = −∂ ln Z/∂β");
            AssertRelative(direct.HeatCapacity, byAutograd.HeatCapacity, "C = β² ∂² ln Z/∂β²");
            AssertRelative(direct.Entropy, byAutograd.Entropy, "S = β(U − F)");
            AssertRelative(direct.Magnetization, byAutograd.Magnetization, "⟨m⟩");
            AssertRelative(direct.Susceptibility, byAutograd.Susceptibility, "χ");
            var site = magnetizations.ToArray<double>();
            var pair = correlations.ToArray<double>();
            var n = model.SpinCount;
            for (var i = 0; i < n; i++)
            {
                AssertRelative(site[i], byAutograd.SiteMagnetizations[i], $"⟨s_{i}⟩");
                for (var j = 0; j < n; j++) AssertRelative(pair[i * n + j], byAutograd.Correlations[i, j], $"⟨s_{i} s_{j}⟩");
            }
            Assert.Equal(direct.Magnetization, site.Average(), 1e-12);
        }
    }

    private static void AssertRelative(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-3);
        Assert.True(Math.Abs(actual - expected) <= RelTol * scale, $"{what}: expected {expected:R}, autograd {actual:R}");
    }
}
