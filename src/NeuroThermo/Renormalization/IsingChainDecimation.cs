using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Renormalization;

/// <summary>
/// Decimation of the zero-field Ising chain (lecture notes eqs. 3.3–3.16): summing every second spin of
/// e^{K Σ s_i s_{i+1}} leaves a chain of half the spins with coupling K' and a constant per removed spin.
/// </summary>
/// <remarks>
/// For one removed spin s between s₁ and s₃, Σ_s e^{K s (s₁ + s₃)} = 2 cosh K(s₁ + s₃) must equal f(K) e^{K' s₁ s₃} for
/// both s₁s₃ = +1 (2 cosh 2K) and s₁s₃ = −1 (2). So e^{2K'} = cosh 2K and f(K) = 2 cosh^{1/2} 2K:
/// <code>
/// K' = ½ ln cosh 2K,   Z_N(K) = f(K)^{N/2} Z_{N/2}(K') = e^{N g(K)} Z_{N/2}(K'),   g(K) = ½ ln 2 + ¼ ln cosh 2K,
/// </code>
/// g being the constant per spin of the original chain. The map has b = 2 and two fixed points: K* = 0 (stable,
/// R'(0) = 0) and K* = ∞ (unstable, in t = tanh K the map is t' = t²), so the chain is disordered at every T &gt; 0.
/// For the free energy density ζ(K) = lim ln Z_N / N the recursion reads ζ(K) = g(K) + ½ ζ(K') (eq. 3.15),
/// solved by ζ(K) = ln(2 cosh K) (eq. 3.16), which is ln λ₊ of the transfer matrix.
/// </remarks>
public static class IsingChainDecimation
{
    /// <summary>K' = ½ ln cosh 2K on the one-coupling vector (K), with b = 2.</summary>
    public static RgMap Map { get; } = new("1D Ising decimation K' = ½ ln cosh 2K", ["K"], 2, k => LogCosh.Of(k * 2) * 0.5);

    /// <summary>K' = ½ ln cosh 2K for a tensor of couplings (any shape).</summary>
    public static Tensor NextCoupling(Tensor coupling) => LogCosh.Of(coupling * 2) * 0.5;

    /// <summary>g(K) = ½ ln(2 cosh^{1/2} 2K), the constant the step generates per spin of the chain it starts from.</summary>
    public static Tensor ConstantPerSpin(Tensor coupling) => LogCosh.Of(coupling * 2) * 0.25 + Math.Log(2) / 2;

    /// <summary>K₀ = K, K₁, …, K_steps in doubles.</summary>
    public static double[] Flow(double coupling, int steps)
    {
        CheckCoupling(coupling);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        using var scope = torch.NewDisposeScope();
        var flow = new double[steps + 1];
        var k = torch.tensor(coupling);
        flow[0] = coupling;
        for (var step = 1; step <= steps; step++)
        {
            k = NextCoupling(k);
            flow[step] = k.ItemAs<double>();
        }
        return flow;
    }

    /// <summary>
    /// ln Z of a ring of N = 2^<paramref name="levels"/> spins (eq. 3.8): each level halves the ring and adds
    /// (spins at that level)·g(K_j); the last spin closes on itself with K_n counted once by the bond it keeps
    /// (the ring of two has its bond twice, as Tr T² does), so Z₁ = Σ_s e^{K_n s s} = 2 e^{K_n}.
    /// Differentiable in <paramref name="coupling"/> (0-D, float64).
    /// </summary>
    public static Tensor LogPartitionFunction(Tensor coupling, int levels)
    {
        ArgumentNullException.ThrowIfNull(coupling);
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels, 62);
        using var scope = torch.NewDisposeScope();
        var k = coupling;
        var logZ = torch.zeros_like(coupling);
        for (var level = 0; level < levels; level++)
        {
            var spins = (double)(1L << (levels - level));
            logZ = logZ + ConstantPerSpin(k) * spins;
            k = NextCoupling(k);
        }
        return (logZ + k + Math.Log(2)).MoveToOuterDisposeScope();
    }

    /// <summary>ln Z of the ring of 2^<paramref name="levels"/> spins at coupling K, from the flow.</summary>
    public static double LogPartitionFunction(double coupling, int levels)
    {
        CheckCoupling(coupling);
        using var scope = torch.NewDisposeScope();
        return LogPartitionFunction(torch.tensor(coupling), levels).ItemAs<double>();
    }

    /// <summary>
    /// ζ(K) = lim ln Z_N / N by solving eq. 3.15 along the flow: ζ(K₀) = Σ_{j&lt;m} 2^{−j} g(K_j) + 2^{−m} ζ(K_m), iterated
    /// until K_m is below <paramref name="smallCoupling"/>, where ζ(K_m) = ln 2 + O(K_m²) (the K* = 0 fixed point, free
    /// spins). Independent of the ansatz; used to check it.
    /// </summary>
    public static double FreeEnergyDensityFromFlow(double coupling, double smallCoupling = 1e-9)
    {
        CheckCoupling(coupling);
        if (!(smallCoupling > 0)) throw new ArgumentOutOfRangeException(nameof(smallCoupling), smallCoupling, "Must be positive.");
        using var scope = torch.NewDisposeScope();
        var k = torch.tensor(coupling);
        var (sum, weight) = (0.0, 1.0);
        const int maxSteps = 10_000;   // from K = 700, K drops by ≈ ½ ln 2 per step: ~2,000 steps to O(1)
        for (var step = 0; Math.Abs(k.ItemAs<double>()) > smallCoupling; step++)
        {
            if (step == maxSteps) throw new InvalidOperationException($"The flow from K = {coupling} did not reach K < {smallCoupling} in {maxSteps} steps.");
            sum += weight * ConstantPerSpin(k).ItemAs<double>();
            weight /= 2;
            k = NextCoupling(k);
        }
        return sum + weight * Math.Log(2);
    }

    /// <summary>The ansatz of eq. 3.16, ζ(K) = ln(2 cosh K).</summary>
    public static double FreeEnergyDensityAnsatz(double coupling)
    {
        CheckCoupling(coupling);
        var magnitude = Math.Abs(coupling);
        return magnitude + Physics.Numerics.Log1P(Math.Exp(-2 * magnitude));
    }

    /// <summary>ζ(K') − 2ζ(K) + 2g(K) for the ansatz: zero when ln(2 cosh K) solves eq. 3.15.</summary>
    public static double FunctionalEquationResidual(double coupling)
    {
        CheckCoupling(coupling);
        using var scope = torch.NewDisposeScope();
        var k = torch.tensor(coupling);
        var next = NextCoupling(k).ItemAs<double>();
        var g = ConstantPerSpin(k).ItemAs<double>();
        return FreeEnergyDensityAnsatz(next) - 2 * FreeEnergyDensityAnsatz(coupling) + 2 * g;
    }

    private static void CheckCoupling(double coupling)
    {
        if (!double.IsFinite(coupling)) throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "K must be finite.");
    }
}
