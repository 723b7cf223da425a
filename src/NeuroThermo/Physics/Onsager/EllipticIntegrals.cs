namespace NeuroThermo.Physics.Onsager;

/// <summary>
/// Complete elliptic integrals of the first and second kind, K(k) = ∫_0^{π/2} (1 − k² sin²φ)^{−1/2} dφ and
/// E(k) = ∫_0^{π/2} (1 − k² sin²φ)^{1/2} dφ, by the arithmetic–geometric mean (quadratic convergence, full double
/// precision). The modulus is given together with its complement k' = √(1 − k²), which the caller can often compute
/// without the cancellation that 1 − k² suffers near k = 1.
/// </summary>
internal static class EllipticIntegrals
{
    /// <summary>(K(k), E(k)) for 0 ≤ k ≤ 1 with complementary modulus k' ≥ 0; K is +∞ at k' = 0.</summary>
    public static (double K, double E) Complete(double modulus, double complement)
    {
        if (complement == 0) return (double.PositiveInfinity, 1);
        double a = 1, b = complement, c = modulus;
        var sum = 0.5 * c * c;      // Σ 2^{n−1} c_n², n = 0 term
        var power = 0.5;
        for (var n = 0; n < 64 && Math.Abs(c) > 1e-17 * a; n++)
        {
            var next = 0.5 * (a + b);
            c = 0.5 * (a - b);
            b = Math.Sqrt(a * b);
            a = next;
            power *= 2;
            sum += power * c * c;
        }
        var k = Math.PI / (2 * a);
        return (k, k * (1 - sum));
    }
}
