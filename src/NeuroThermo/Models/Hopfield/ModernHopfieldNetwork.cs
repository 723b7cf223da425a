using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Hopfield;

/// <summary>
/// The modern (continuous) Hopfield network of Ramsauer et al.: stored patterns x_1 … x_P ∈ ℝ^d, the columns of
/// X = (x_1 … x_P), and a state ξ ∈ ℝ^d with energy
/// E(ξ) = −lse(β, Xᵀξ) + ½ ξᵀξ + β⁻¹ ln P + ½ M², where lse(β, z) = β⁻¹ ln Σ_μ exp(β z_μ) and M = max_μ |x_μ|,
/// and update ξ ← X softmax(β Xᵀξ).
/// </summary>
/// <remarks>
/// The two constants make E ≥ 0 and do not affect the dynamics. Here β is an inverse temperature of the softmax,
/// not of a Boltzmann weight: small β averages all patterns, large β picks the one with the largest overlap Xᵀξ,
/// and in between ξ settles on metastable averages of similar patterns. The update is exactly a gradient step of
/// unit size: ∇E = ξ − X softmax(β Xᵀξ) (see <see cref="EnergyGradient"/>), so ξ_new = ξ − ∇E(ξ). It is also
/// single-head attention with the states as queries, the patterns as keys and values, and scale β: for states as
/// rows, ξ_new = softmax(β Q Kᵀ) V with Q = ξ and K = V = Xᵀ. States are batched as rows, ξ (B, d), patterns (P, d).
/// </remarks>
public sealed class ModernHopfieldNetwork : IDisposable
{
    private readonly Tensor _patterns;   // Xᵀ, (P, d): one stored pattern per row

    /// <param name="patterns">(P, d), one stored pattern per row (copied).</param>
    /// <param name="inverseTemperature">β &gt; 0.</param>
    public ModernHopfieldNetwork(Tensor patterns, double inverseTemperature)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.dim() != 2 || patterns.size(0) < 1 || patterns.size(1) < 1 || !patterns.dtype.IsFloatingPoint())
            throw new ArgumentException($"Patterns must be a floating-point (P, d) tensor; got shape [{string.Join(", ", patterns.shape)}].", nameof(patterns));
        if (!double.IsFinite(inverseTemperature) || inverseTemperature <= 0)
            throw new ArgumentOutOfRangeException(nameof(inverseTemperature), inverseTemperature, "β must be positive and finite.");
        _patterns = patterns.clone().DetachFromDisposeScope();
        InverseTemperature = inverseTemperature;
    }

    /// <summary>The stored patterns, (P, d).</summary>
    public Tensor Patterns => _patterns;

    /// <summary>β of the softmax.</summary>
    public double InverseTemperature { get; }

    /// <summary>P.</summary>
    public long PatternCount => _patterns.size(0);

    /// <summary>softmax(β Xᵀξ) for each row of <paramref name="states"/> (B, d): (B, P), the weight of each pattern.</summary>
    public Tensor Separation(Tensor states)
    {
        using var scores = Scores(states);
        return torch.nn.functional.softmax(scores, 1);
    }

    /// <summary>ξ ← X softmax(β Xᵀξ) for each row: (B, d) → (B, d).</summary>
    public Tensor Update(Tensor states)
    {
        using var weights = Separation(states);
        return Guarded.matmul(weights, _patterns);                       // (B, P) @ (P, d) -> (B, d)
    }

    /// <summary>E(ξ) for each row: (B, d) → (B); differentiable in ξ.</summary>
    public Tensor Energy(Tensor states)
    {
        using var scope = torch.NewDisposeScope();
        var beta = InverseTemperature;
        var lse = Scores(states).logsumexp(1) / beta;                                    // (B)
        var quadratic = (states * states).sum(1) * 0.5;                                  // (B)
        var largestNorm = _patterns.norm(1).max().ItemAs<double>();
        var constant = Math.Log(PatternCount) / beta + 0.5 * largestNorm * largestNorm;
        return (quadratic - lse + constant).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ∇E(ξ) = ξ − X softmax(β Xᵀξ), row by row. Derivation: ∂ lse(β, z)/∂z_μ = softmax(β z)_μ and z = Xᵀξ has
    /// ∂z_μ/∂ξ = x_μ, so ∇ lse = X softmax(β Xᵀξ); ½ ξᵀξ contributes ξ. Hence <see cref="Update"/> = ξ − ∇E.
    /// </summary>
    public Tensor EnergyGradient(Tensor states)
    {
        using var update = Update(states);
        return states - update;
    }

    /// <summary>softmax(scale · Q Kᵀ) V: single-head attention without projections or mask, (B, d_k), (P, d_k), (P, d_v) → (B, d_v).</summary>
    public static Tensor Attention(Tensor queries, Tensor keys, Tensor values, double scale)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        using var scope = torch.NewDisposeScope();
        var scores = Guarded.matmul(queries, keys.t()) * scale;          // (B, d) @ (d, P) -> (B, P)
        return Guarded.matmul(torch.nn.functional.softmax(scores, 1), values).MoveToOuterDisposeScope();
    }

    public void Dispose() => _patterns.Dispose();

    private Tensor Scores(Tensor states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.dim() != 2 || states.size(1) != _patterns.size(1))
            throw new ArgumentException($"States must be (B, {_patterns.size(1)}); got shape [{string.Join(", ", states.shape)}].", nameof(states));
        using var overlaps = Guarded.matmul(states, _patterns.t());     // (B, d) @ (d, P) -> (B, P) = (Xᵀξ)ᵀ
        return overlaps * InverseTemperature;
    }
}
