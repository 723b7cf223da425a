using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Expansions;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>The second-order high-temperature expansion against enumeration: its error must fall as β³.</summary>
public sealed class HighTemperatureExpansionTests
{
    // Small enough that the fourth-order term shifts the ratio by well under 0.5, large enough that err(β/2) ≈ c₃β³/8
    // stays far above the 1e-15 resolution of ln Z.
    private const double Beta = 0.005;

    [Theory]
    [InlineData("sk")]
    [InlineData("spin-glass")]
    [InlineData("curie-weiss")]
    public void Error_FallsAsBetaCubed(string name)
    {
        using var model = TestModels.Create(name);
        using var enumeration = new ExactEnumeration(model);
        using var expansion = new HighTemperatureExpansion(model);

        double LogZError(double beta) =>
            Math.Abs(enumeration.Thermodynamics([beta], trackMagnetization: false)[0].LogPartitionFunction - expansion.LogPartitionFunction(beta));

        double CorrelationError(double beta)
        {
            var (_, exact) = enumeration.SiteAverages(beta);
            using (exact)
            using (var approximate = expansion.Correlations(beta))
            using (var difference = (exact - approximate).abs().max())
                return difference.ItemAs<double>();
        }

        double MagnetizationError(double beta)
        {
            var (exact, correlations) = enumeration.SiteAverages(beta);
            correlations.Dispose();
            using (exact)
            using (var approximate = expansion.Magnetizations(beta))
            using (var difference = (exact - approximate).abs().max())
                return difference.ItemAs<double>();
        }

        AssertRatioNearEight(LogZError(Beta) / LogZError(Beta / 2), "ln Z");
        AssertRatioNearEight(CorrelationError(Beta) / CorrelationError(Beta / 2), "⟨s_i s_j⟩");
        AssertRatioNearEight(MagnetizationError(Beta) / MagnetizationError(Beta / 2), "⟨s_i⟩");
    }

    [Fact]
    public void BipartiteLatticeWithoutField_HasNoThirdOrder_SoTheErrorFallsAsBetaToTheFourth()
    {
        using var model = new NeuroThermo.Physics.Energies.IsingModel(
            NeuroThermo.Physics.Lattices.Lattice.Square(4, 4, NeuroThermo.Physics.Lattices.Boundary.Periodic));
        using var enumeration = new ExactEnumeration(model);
        using var expansion = new HighTemperatureExpansion(model);
        double Error(double beta) => Math.Abs(enumeration.Thermodynamics([beta], false)[0].LogPartitionFunction - expansion.LogPartitionFunction(beta));
        Assert.InRange(Error(0.05) / Error(0.025), 15, 17);
    }

    private static void AssertRatioNearEight(double ratio, string what) =>
        Assert.True(Math.Abs(ratio - 8) < 0.5, $"{what}: err(β)/err(β/2) = {ratio}, expected ≈ 8");
}
