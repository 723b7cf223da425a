using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Hopfield;

/// <summary>
/// A Hopfield network as a spin-glass energy, eq. 4.5 of the notes: E(s) = −½ Σ_ij w_ij s_i s_j + Σ_i θ_i s_i with
/// w symmetric, w_ii = 0 and s_i = ±1. In the <see cref="SpinEnergy"/> convention the couplings are J = w and the
/// fields h = −θ, so the local field is h_i^loc = Σ_j w_ij s_j − θ_i and a spin aligned with it lowers E.
/// </summary>
/// <remarks>
/// Temperature convention: β = 1/T, k_B = 1, weights e^{−βE}; the deterministic dynamics of eqs. 4.3–4.4 is the
/// T → 0 limit (see <see cref="HopfieldDynamics"/>). Stored patterns are rows ξ^μ of a (P, N) ±1 tensor. Weights are
/// float64 so that energies of N = 1000 spins can be compared to rounding, which the monotonicity tests rely on.
/// </remarks>
public sealed class HopfieldNetwork : SpinEnergy
{
    [ComponentName(Name = "weights")]
    private readonly Tensor _weights;      // w, (N, N), symmetric, zero diagonal
    [ComponentName(Name = "thresholds")]
    private readonly Tensor _thresholds;   // θ, (N)

    /// <summary>A network with the caller's weights (N, N) and thresholds (N); both are copied to float64.</summary>
    /// <exception cref="ArgumentException">The weights are not square, symmetric and zero on the diagonal, or θ has the wrong length.</exception>
    public HopfieldNetwork(Tensor weights, Tensor thresholds)
        : base(CheckWeights(weights))
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.dim() != 1 || thresholds.size(0) != SpinCount)
            throw new ArgumentException($"Thresholds must be a vector of {SpinCount} entries; got shape [{string.Join(", ", thresholds.shape)}].", nameof(thresholds));
        using (var w = weights.to(ScalarType.Float64)) _weights = w.clone().DetachFromDisposeScope();
        using (var t = thresholds.to(ScalarType.Float64)) _thresholds = t.clone().DetachFromDisposeScope();
        using (var asymmetry = (_weights - _weights.t()).abs().max())
        using (var diagonal = _weights.diagonal().abs().max())
        {
            if (asymmetry.ItemAs<double>() > SpinGlassModel.SymmetryTolerance * Math.Max(1, MaxAbs(_weights)) || diagonal.ItemAs<double>() != 0)
            {
                _weights.Dispose();
                _thresholds.Dispose();
                throw new ArgumentException("Hopfield weights must be symmetric with w_ii = 0 (eq. 4.5).", nameof(weights));
            }
        }
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>
    /// Hebbian storage, eq. 4.11: w_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ for i ≠ j, w_ii = 0, θ = 0. Each pattern pushes w
    /// towards aligning the pairs it has aligned; the 1/N makes the local field of order one.
    /// </summary>
    public static HopfieldNetwork Hebbian(Tensor patterns)
    {
        var n = CheckPatterns(patterns);
        using var scope = torch.NewDisposeScope();
        var xi = patterns.to(ScalarType.Float64);
        var weights = Guarded.matmul(xi.t(), xi) / n;                          // (N, P) @ (P, N) -> (N, N)
        ZeroDiagonal(weights);
        return new HopfieldNetwork(weights, torch.zeros([n], ScalarType.Float64));
    }

    /// <summary>
    /// Projection (pseudo-inverse) rule: w = Ξ⁺ Ξ with Ξ the (P, N) pattern matrix, then w_ii set to 0, θ = 0. Ξ⁺Ξ
    /// projects onto the span of the patterns, so every stored pattern is an eigenvector of eigenvalue 1 however
    /// correlated the patterns are; removing the diagonal (P/N on average) keeps them fixed points while P &lt; N/2.
    /// </summary>
    public static HopfieldNetwork Projection(Tensor patterns)
    {
        var n = CheckPatterns(patterns);
        using var scope = torch.NewDisposeScope();
        var xi = patterns.to(ScalarType.Float64);
        var weights = Guarded.matmul(torch.linalg.pinv(xi), xi);               // (N, P) @ (P, N) -> (N, N)
        weights = (weights + weights.t()) * 0.5;                      // exact symmetry; the SVD leaves ~1e-16
        ZeroDiagonal(weights);
        return new HopfieldNetwork(weights, torch.zeros([n], ScalarType.Float64));
    }

    /// <summary>w (N, N).</summary>
    public Tensor Weights => _weights;

    /// <summary>θ (N).</summary>
    public Tensor Thresholds => _thresholds;

    /// <inheritdoc/>
    /// <remarks>E = −½ sᵀ w s + θᵀ s, row by row.</remarks>
    public override Tensor Energy(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var scope = torch.NewDisposeScope();
        var pair = (Guarded.matmul(spins, _weights) * spins).sum(1) * 0.5;   // (B)
        var threshold = Guarded.matmul(spins, _thresholds);                   // (B)
        return (threshold - pair).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>−∂E/∂s_i = Σ_j w_ij s_j − θ_i (w symmetric), i.e. s w − θ row by row.</remarks>
    public override Tensor LocalField(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var product = Guarded.matmul(spins, _weights);
        return product - _thresholds;
    }

    /// <inheritdoc/>
    public override Tensor CouplingMatrix() => _weights.alias();

    /// <inheritdoc/>
    public override Tensor FieldVector() => -_thresholds;

    /// <inheritdoc/>
    public override string LargeSystemAdvice => "A Hopfield network is run by its zero-temperature dynamics (HopfieldDynamics), not enumerated; at T > 0 use a Monte Carlo sampler.";

    /// <summary>
    /// Overlaps m_μ = (1/N) Σ_i ξ_i^μ s_i of each state (B, N) with each pattern (P, N): (B, P). m = 1 is perfect
    /// recall, m = −1 the reversed pattern (also a minimum, since E(−s) = E(s) at θ = 0), |m| ~ N^{−1/2} no relation.
    /// </summary>
    public static Tensor Overlaps(Tensor states, Tensor patterns)
    {
        var n = SpinConfigurations.CheckBatch(states, null);
        if (CheckPatterns(patterns) != n)
            throw new ArgumentException($"States have {n} spins but patterns have {patterns.size(1)}.", nameof(patterns));
        using var xi = patterns.to(states.dtype);
        using var product = Guarded.matmul(states, xi.t());                   // (B, N) @ (N, P) -> (B, P)
        return product / n;
    }

    private static int CheckWeights(Tensor weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var shape = weights.shape;
        if (shape.Length != 2 || shape[0] != shape[1] || shape[0] < 1 || !weights.dtype.IsFloatingPoint())
            throw new ArgumentException($"Hopfield weights must be a square floating-point (N, N) matrix; got shape [{string.Join(", ", shape)}].", nameof(weights));
        return (int)shape[0];
    }

    private static int CheckPatterns(Tensor patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.dim() != 2 || patterns.size(0) < 1 || patterns.size(1) < 1)
            throw new ArgumentException($"Patterns must be a (P, N) tensor; got shape [{string.Join(", ", patterns.shape)}].", nameof(patterns));
        return (int)patterns.size(1);
    }

    private static void ZeroDiagonal(Tensor weights)
    {
        using var eye = torch.eye(weights.size(0), dtype: ScalarType.Float64);
        using var mask = eye.@bool();
        weights.masked_fill_(mask, 0);
    }

    private static double MaxAbs(Tensor t)
    {
        using var max = t.abs().max();
        return max.ItemAs<double>();
    }
}
