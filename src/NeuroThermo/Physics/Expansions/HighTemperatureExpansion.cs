using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Expansions;

/// <summary>
/// The high-temperature expansion of a quadratic Ising energy E = −½ sᵀJs − hᵀs to second order in β
/// (lecture notes eqs. 2.66–2.77), for any symmetric J with zero diagonal and any h; β = 1/T, k_B = 1.
/// </summary>
/// <remarks>
/// Expanding e^{−βE} about the uniform distribution ⟨·⟩₀ (each s_i = ±1 with probability ½), where ⟨s_i⟩₀ = 0 and
/// ⟨s_i s_j⟩₀ = δ_ij:
/// <list type="bullet">
/// <item>ln Z = N ln 2 + (β²/2)(Σ_{i&lt;j} J_ij² + Σ_i h_i²) + O(β³) (the first-order term ⟨−E⟩₀ vanishes);</item>
/// <item>⟨s_i⟩ = β h_i + β² Σ_k J_ik h_k + O(β³);</item>
/// <item>⟨s_i s_j⟩ = β J_ij + β² (Σ_k J_ik J_kj + h_i h_j) + O(β³) for i ≠ j: a direct bond, then every path of two
/// bonds through a third spin, then the two fields acting independently.</item>
/// </list>
/// The O(β³) terms are the third cumulant of −E (triangles J_ij J_jk J_ki and J_ij h_i h_j) and are generically
/// nonzero, so the truncation error falls as β³. On a bipartite lattice at h = 0 they vanish and it falls as β⁴.
/// </remarks>
public sealed class HighTemperatureExpansion : IDisposable
{
    private readonly Tensor _couplings;   // (N, N)
    private readonly Tensor _fields;      // (N)

    /// <summary>The expansion of <paramref name="model"/>'s quadratic form.</summary>
    public HighTemperatureExpansion(SpinEnergy model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _couplings = model.CouplingMatrix().detach().to(torch.float64).DetachFromDisposeScope();
        _fields = model.FieldVector().detach().to(torch.float64).DetachFromDisposeScope();
        SpinCount = model.SpinCount;
    }

    public int SpinCount { get; }

    /// <summary>ln Z ≈ N ln 2 + (β²/2)(Σ_{i&lt;j} J_ij² + Σ_i h_i²).</summary>
    public double LogPartitionFunction(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var pairs = _couplings.square().sum().ItemAs<double>() / 2;   // Σ_{i<j} J_ij²
        var fields = _fields.square().sum().ItemAs<double>();
        return SpinCount * Math.Log(2) + beta * beta / 2 * (pairs + fields);
    }

    /// <summary>⟨s_i⟩ ≈ βh_i + β²(Jh)_i, shape (N).</summary>
    public Tensor Magnetizations(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        return (_fields * beta + Guarded.matmul(_couplings, _fields) * (beta * beta)).MoveToOuterDisposeScope();
    }

    /// <summary>⟨s_i s_j⟩ ≈ βJ_ij + β²((J²)_ij + h_i h_j) off the diagonal and exactly 1 on it, shape (N, N).</summary>
    public Tensor Correlations(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var identity = torch.eye(SpinCount, dtype: torch.float64);
        var offDiagonal = 1 - identity;
        var secondOrder = Guarded.matmul(_couplings, _couplings) + _fields.outer(_fields);   // paths of two bonds; two fields
        var expansion = _couplings * beta + secondOrder * (beta * beta);
        return (expansion * offDiagonal + identity).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _couplings.Dispose();
        _fields.Dispose();
    }
}
