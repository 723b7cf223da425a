using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Exact;

/// <summary>
/// Energies E = −½ sᵀJs − hᵀs of every configuration of a chunk, differentiable in J and h.
/// </summary>
/// <remarks>
/// With s = (t, u), t the inner spins and u the outer ones,
/// E(t, u) = E_in(t) + E_out(u) − (J_ut u)·t, where E_in(t) = −½ tᵀJ_tt t − h_tᵀt and E_out(u) = −½ uᵀJ_uu u − h_uᵀu.
/// E_in is computed once for the 2^K inner configurations; a chunk of M outer configurations then needs one product
/// [−u J_ut, 1, E_out(u)] (M, K+2) × [t, E_in(t), 1]ᵀ (K+2, 2^K), i.e. K + 2 multiply-adds per configuration
/// instead of N². Integer couplings give exact integer (or half-integer) energies: every term is exact in float64.
/// </remarks>
internal sealed class ChunkEnergies : IDisposable
{
    private readonly EnumerationLayout _layout;
    private readonly Tensor _innerBasis;      // (K + 2, 2^K): rows t_1 … t_K, E_in(t), 1
    private readonly Tensor _outerCouplings;  // (N − K, N − K): J_uu
    private readonly Tensor _crossCouplings;  // (N − K, K): J_ut
    private readonly Tensor _outerFields;     // (N − K): h_u

    public ChunkEnergies(EnumerationLayout layout, Tensor couplings, Tensor fields)
    {
        _layout = layout;
        var k = layout.InnerBits;
        var outer = layout.OuterBits;
        using var scope = torch.NewDisposeScope();
        var t = layout.InnerSpins;                                                  // (2^K, K)
        var innerCouplings = couplings.narrow(0, 0, k).narrow(1, 0, k);            // (K, K)
        var innerEnergy = -((Guarded.matmul(t, innerCouplings) * t).sum(1) * 0.5) - Guarded.matmul(t, fields.narrow(0, 0, k));  // (2^K)
        var ones = torch.ones([t.size(0), 1], torch.float64);
        _innerBasis = torch.cat([t, innerEnergy.unsqueeze(1), ones], 1).t().contiguous().DetachFromDisposeScope();
        _outerCouplings = couplings.narrow(0, k, outer).narrow(1, k, outer).DetachFromDisposeScope();
        _crossCouplings = couplings.narrow(0, k, outer).narrow(1, 0, k).DetachFromDisposeScope();
        _outerFields = fields.narrow(0, k, outer).DetachFromDisposeScope();
    }

    /// <summary>Energies of the configurations of <paramref name="chunk"/>, (M, 2^K) in code order.</summary>
    public Tensor Energies(int chunk)
    {
        using var scope = torch.NewDisposeScope();
        var u = _layout.OuterSpins(chunk);                                                         // (M, N − K)
        var outerEnergy = -((Guarded.matmul(u, _outerCouplings) * u).sum(1) * 0.5) - Guarded.matmul(u, _outerFields);  // (M)
        var cross = Guarded.matmul(u, _crossCouplings);                                                     // (M, K): J_ut u
        var ones = torch.ones([u.size(0), 1], torch.float64);
        var rows = torch.cat([-cross, ones, outerEnergy.unsqueeze(1)], 1);                         // (M, K + 2)
        return Guarded.matmul(rows, _innerBasis).MoveToOuterDisposeScope();                                 // (M, 2^K)
    }

    public void Dispose()
    {
        _innerBasis.Dispose();
        _outerCouplings.Dispose();
        _crossCouplings.Dispose();
        _outerFields.Dispose();
    }
}
