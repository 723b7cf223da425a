using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Onsager;

/// <summary>
/// The exact solution of the 2D Ising model E = −J Σ_⟨ij⟩ s_i s_j on the infinite square lattice at h = 0 (Onsager
/// 1944, Yang 1952), per site, for J &gt; 0 and β = 1/T ≥ 0, k_B = 1.
/// </summary>
/// <remarks>
/// With K = βJ and κ = 2 sinh 2K / cosh² 2K:
/// <list type="bullet">
/// <item>−βf = ln(2 cosh 2K) + (1/2π) ∫_0^π ln[½(1 + √(1 − κ² sin²θ))] dθ, evaluated by tanh–sinh quadrature
/// on [0, π/2] (the integrand is symmetric about π/2), with 1 − κ² = κ'² and κ' = 2 tanh² 2K − 1 written so that
/// nothing cancels near T_c;</item>
/// <item>u = −J coth 2K [1 + (2/π) κ' K₁(κ)];</item>
/// <item>c = (2/π)(K coth 2K)² {2K₁(κ) − 2E₁(κ) − (1 − κ')[π/2 + κ' K₁(κ)]}, with K₁ and E₁ the complete elliptic
/// integrals, which diverges logarithmically at T_c;</item>
/// <item>T_c = 2J/ln(1 + √2), where −βf = ln 2/2 + 2G/π (G Catalan's constant);</item>
/// <item>m₀ = (1 − sinh⁻⁴ 2K)^{1/8} below T_c and 0 above (Yang).</item>
/// </list>
/// The closed forms of u and c are derivatives of the first line; the tests take those derivatives by autograd
/// through <see cref="LogPartitionFunctionPerSite(Tensor, double)"/>, which evaluates the same quadrature as tensors.
/// </remarks>
public static class OnsagerSolution
{
    /// <summary>T_c = 2J/ln(1 + √2) ≈ 2.269185 J.</summary>
    public static double CriticalTemperature(double coupling = 1) => 2 * CheckCoupling(coupling) / Math.Log(1 + Math.Sqrt(2));

    /// <summary>β_c = 1/T_c.</summary>
    public static double CriticalInverseTemperature(double coupling = 1) => 1 / CriticalTemperature(coupling);

    /// <summary>−βf = ln Z / N in the thermodynamic limit.</summary>
    public static double LogPartitionFunctionPerSite(double beta, double coupling = 1)
    {
        var k = Check(beta, coupling);
        var complement = 2 * Squared(Math.Tanh(2 * k)) - 1;   // κ'
        var integral = TanhSinhRule.Instance.Integrate((cos2, sin2) =>
            Math.Log(0.5 * (1 + Math.Sqrt(cos2 + complement * complement * sin2))));
        return LogTwoCosh(2 * k) + integral / Math.PI;
    }

    /// <summary>The same quadrature as a tensor function of β (0-D or (B)), differentiable, for autograd checks.</summary>
    public static Tensor LogPartitionFunctionPerSite(Tensor beta, double coupling = 1)
    {
        Numerics.CheckInverseTemperatures(beta, nameof(beta));
        CheckCoupling(coupling);
        var rule = TanhSinhRule.Instance;
        using var scope = torch.NewDisposeScope();
        var k = (beta * coupling).unsqueeze(-1);                                 // (…, 1)
        var complement = (2 * k).tanh().square() * 2 - 1;                        // κ'
        var cos2 = torch.tensor(rule.CosineSquared);                             // (Q)
        var sin2 = torch.tensor(rule.SineSquared);                               // (Q)
        var integrand = ((cos2 + complement.square() * sin2).sqrt() + 1).mul(0.5).log();   // (…, Q)
        var integral = Guarded.matmul(integrand, torch.tensor(rule.Weights));             // (…)
        var twoK = 2 * k.squeeze(-1);
        var logTwoCosh = twoK + (-2 * twoK).exp().log1p();                      // ln(2 cosh 2K)
        return (logTwoCosh + integral / Math.PI).MoveToOuterDisposeScope();
    }

    /// <summary>f = −T ln Z/N (β &gt; 0).</summary>
    public static double FreeEnergyPerSite(double beta, double coupling = 1)
    {
        if (!(beta > 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "The free energy −T ln Z needs β > 0.");
        return -LogPartitionFunctionPerSite(beta, coupling) / beta;
    }

    /// <summary>u = U/N = −J coth 2K [1 + (2/π) κ' K₁(κ)].</summary>
    public static double InternalEnergyPerSite(double beta, double coupling = 1)
    {
        var k = Check(beta, coupling);
        if (k == 0) return 0;
        var (modulus, complement) = Moduli(k);
        var (k1, _) = EllipticIntegrals.Complete(modulus, Math.Abs(complement));
        var term = complement == 0 ? 0 : complement * k1;   // κ' K₁ → 0 at T_c
        return -coupling / Math.Tanh(2 * k) * (1 + 2 / Math.PI * term);
    }

    /// <summary>c = C/N = (2/π)(K coth 2K)² {2K₁ − 2E₁ − (1 − κ')[π/2 + κ' K₁]}; +∞ at T_c.</summary>
    public static double HeatCapacityPerSite(double beta, double coupling = 1)
    {
        var k = Check(beta, coupling);
        if (k == 0) return 0;
        var (modulus, complement) = Moduli(k);
        var (k1, e1) = EllipticIntegrals.Complete(modulus, Math.Abs(complement));
        if (double.IsPositiveInfinity(k1)) return double.PositiveInfinity;
        var prefactor = 2 / Math.PI * Squared(k / Math.Tanh(2 * k));
        return prefactor * (2 * k1 - 2 * e1 - (1 - complement) * (Math.PI / 2 + complement * k1));
    }

    /// <summary>Yang's spontaneous magnetization per site, (1 − sinh⁻⁴ 2βJ)^{1/8} below T_c and 0 at and above it.</summary>
    public static double SpontaneousMagnetization(double beta, double coupling = 1)
    {
        var k = Check(beta, coupling);
        var sinh = Math.Sinh(2 * k);
        return sinh <= 1 ? 0 : Math.Pow(1 - Math.Pow(sinh, -4), 0.125);
    }

    // κ = 2 sinh 2K / cosh² 2K and κ' = 2 tanh² 2K − 1 (κ² + κ'² = 1).
    private static (double Modulus, double Complement) Moduli(double k)
    {
        var cosh = Math.Cosh(2 * k);
        return (2 * Math.Sinh(2 * k) / (cosh * cosh), 2 * Squared(Math.Tanh(2 * k)) - 1);
    }

    // ln(2 cosh x) = x + ln(1 + e^{−2x}) for x ≥ 0, without overflow.
    private static double LogTwoCosh(double x) => x + Numerics.Log1P(Math.Exp(-2 * x));

    private static double Squared(double x) => x * x;

    private static double Check(double beta, double coupling)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        return beta * CheckCoupling(coupling);
    }

    private static double CheckCoupling(double coupling) =>
        double.IsFinite(coupling) && coupling > 0
            ? coupling
            : throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "Onsager's solution here is for a ferromagnetic J > 0.");
}
