using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Physics.MeanField;

/// <summary>
/// Mean-field theory of the Curie–Weiss model, exact as N → ∞ (lecture notes eqs. 2.50–2.59), per spin, β = 1/T,
/// k_B = 1. The free energy per spin as a function of the magnetization m is
/// βf(m) = −βJm²/2 − βhm + ((1+m)/2) ln((1+m)/2) + ((1−m)/2) ln((1−m)/2),
/// stationary where m = tanh(β(Jm + h)) (eq. 2.55); the Landau expansion about m = 0 (eqs. 2.57–2.59) is
/// βf(m) = −ln 2 − βhm + ((1 − βJ)/2) m² + m⁴/12 + O(m⁶), so the transition is at βJ = 1 and m ≈ √(3(βJ − 1)) just below.
/// </summary>
public static class CurieWeissMeanField
{
    /// <summary>Coefficient of m⁴ in βf(m): 1/12, from the entropy's expansion (independent of β and J).</summary>
    public const double QuarticCoefficient = 1.0 / 12;

    /// <summary>β_c = 1/J.</summary>
    public static double CriticalInverseTemperature(double coupling = 1) =>
        coupling > 0 ? 1 / coupling : throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "Only a ferromagnet (J > 0) has a transition.");

    /// <summary>Coefficient of m² in βf(m): (1 − βJ)/2, which changes sign at the transition.</summary>
    public static double QuadraticCoefficient(double beta, double coupling = 1)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        return (1 - beta * coupling) / 2;
    }

    /// <summary>
    /// The equilibrium magnetization: the solution of m = tanh(β(Jm + h)) that minimises f. For J &gt; 0 it has the
    /// sign of h (and is the positive branch at h = 0 below T_c); for J ≤ 0 the solution is unique. Found by bisection
    /// to the last bit, so it is exact to double precision also at T_c.
    /// </summary>
    public static double Magnetization(double beta, double coupling = 1, double field = 0)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        if (!double.IsFinite(coupling)) throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "J must be finite.");
        if (!double.IsFinite(field)) throw new ArgumentOutOfRangeException(nameof(field), field, "h must be finite.");
        if (field < 0) return -Magnetization(beta, coupling, -field);
        // g(m) = tanh(β(Jm + h)) − m. For J ≤ 0 it decreases on [−1, 1]; for J > 0 and h ≥ 0 it is concave on [0, 1],
        // ≥ 0 at 0 (> 0 just above 0 when βJ > 1) and ≤ 0 at 1, so bisection on [0, 1] finds the stable positive root.
        double lower = coupling > 0 ? 0 : -1, upper = 1;
        if (coupling > 0 && field == 0 && beta * coupling <= 1) return 0;
        for (var i = 0; i < 200 && upper - lower > 0; i++)
        {
            var middle = 0.5 * (lower + upper);
            if (middle == lower || middle == upper) break;
            if (Math.Tanh(beta * (coupling * middle + field)) - middle > 0) lower = middle;
            else upper = middle;
        }
        return 0.5 * (lower + upper);
    }

    /// <summary>Landau's estimate m ≈ √(3(βJ − 1)) at h = 0 (0 above T_c), valid as βJ → 1⁺.</summary>
    public static double LandauMagnetization(double beta, double coupling = 1)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        return beta * coupling > 1 ? Math.Sqrt(3 * (beta * coupling - 1)) : 0;
    }

    /// <summary>βf(m), the mean-field free energy per spin times β at magnetization m ∈ (−1, 1).</summary>
    public static double ReducedFreeEnergy(double m, double beta, double coupling = 1, double field = 0)
    {
        if (!(m >= -1 && m <= 1)) throw new ArgumentOutOfRangeException(nameof(m), m, "The magnetization lies in [−1, 1].");
        return -beta * coupling * m * m / 2 - beta * field * m + XLogX((1 + m) / 2) + XLogX((1 - m) / 2);
    }

    /// <summary>βf(m) as a tensor function of m, differentiable to any order (for the Landau coefficients by autograd).</summary>
    public static Tensor ReducedFreeEnergy(Tensor m, double beta, double coupling = 1, double field = 0)
    {
        using var scope = torch.NewDisposeScope();
        var up = (m + 1) * 0.5;
        var down = (1 - m) * 0.5;
        var entropyTerm = up * up.log() + down * down.log();
        return (m.square() * (-beta * coupling / 2) - m * (beta * field) + entropyTerm).MoveToOuterDisposeScope();
    }

    /// <summary>The mean-field free energy per spin at equilibrium, f = f(m*) (β &gt; 0).</summary>
    public static double FreeEnergyPerSpin(double beta, double coupling = 1, double field = 0)
    {
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "The free energy −T ln Z needs β > 0.");
        return ReducedFreeEnergy(Magnetization(beta, coupling, field), beta, coupling, field) / beta;
    }

    /// <summary>The mean-field energy per spin at equilibrium, u = −Jm²/2 − hm.</summary>
    public static double InternalEnergyPerSpin(double beta, double coupling = 1, double field = 0)
    {
        var m = Magnetization(beta, coupling, field);
        return -coupling * m * m / 2 - field * m;
    }

    /// <summary>
    /// χ = ∂m/∂h = β(1 − m²)/(1 − βJ(1 − m²)) at equilibrium, from differentiating m = tanh(β(Jm + h)) implicitly;
    /// it diverges at T_c.
    /// </summary>
    public static double Susceptibility(double beta, double coupling = 1, double field = 0)
    {
        var m = Magnetization(beta, coupling, field);
        var slope = beta * (1 - m * m);   // ∂ tanh(β(Jm + h))/∂(Jm + h)
        return slope / (1 - coupling * slope);
    }

    /// <summary>
    /// c = du/dT = β²(Jm + h)²(1 − m²)/(1 − βJ(1 − m²)) per spin, from u = −Jm²/2 − hm and ∂m/∂β by implicit
    /// differentiation of the self-consistency equation; 0 above T_c at h = 0, with a jump of 3/2 at T_c.
    /// </summary>
    public static double HeatCapacityPerSpin(double beta, double coupling = 1, double field = 0)
    {
        var m = Magnetization(beta, coupling, field);
        var molecularField = coupling * m + field;
        var slope = beta * (1 - m * m);
        return beta * molecularField * molecularField * slope / (1 - coupling * slope);
    }

    private static double XLogX(double x) => x > 0 ? x * Math.Log(x) : 0;
}
