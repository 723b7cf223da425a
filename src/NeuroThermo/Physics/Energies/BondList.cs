using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Energies;

/// <summary>
/// The bonds of a <see cref="Lattice"/> as index tensors, and the three sums a bond energy needs: Σ_bonds w_b s_i s_j
/// by gathering both ends of every bond, the neighbour field Σ_j w_ij s_j by scattering each bond's product back onto
/// both of its ends, and the dense coupling matrix for exact methods. Weights are a 0-D tensor (one coupling for every
/// bond) or one per bond (E).
/// </summary>
internal sealed class BondList : IDisposable
{
    private readonly Tensor _first;   // (E) int64
    private readonly Tensor _second;  // (E) int64

    public BondList(Lattice lattice)
    {
        Lattice = lattice;
        _first = lattice.FirstSites().DetachFromDisposeScope();
        _second = lattice.SecondSites().DetachFromDisposeScope();
    }

    public Lattice Lattice { get; }

    /// <summary>Σ_b w_b s_first(b) s_second(b) for each row: (B, N) → (B).</summary>
    public Tensor WeightedSum(Tensor spins, Tensor weights)
    {
        using var scope = torch.NewDisposeScope();
        var products = spins.index_select(1, _first) * spins.index_select(1, _second);  // (B, E)
        var sum = weights.dim() == 0 ? products.sum(1) * weights : Guarded.matmul(products, weights);
        return sum.MoveToOuterDisposeScope();
    }

    /// <summary>Σ_j w_ij s_j for every site of every row: (B, N) → (B, N).</summary>
    public Tensor NeighbourField(Tensor spins, Tensor weights)
    {
        using var scope = torch.NewDisposeScope();
        var batch = spins.size(0);
        var bondCount = Lattice.BondCount;
        var atFirst = spins.index_select(1, _second);   // (B, E): what the first end of each bond sees
        var atSecond = spins.index_select(1, _first);   // (B, E): what the second end sees
        if (weights.dim() != 0)
        {
            atFirst = atFirst * weights;
            atSecond = atSecond * weights;
        }
        var field = torch.zeros_like(spins)
            .scatter_add(1, _first.unsqueeze(0).expand(batch, bondCount), atFirst)
            .scatter_add(1, _second.unsqueeze(0).expand(batch, bondCount), atSecond);
        if (weights.dim() == 0) field = field * weights;
        return field.MoveToOuterDisposeScope();
    }

    /// <summary>The dense symmetric (N, N) matrix with w_b added at (i, j) and (j, i) for every bond b = (i, j).</summary>
    public Tensor DenseCouplings(Tensor weights)
    {
        using var scope = torch.NewDisposeScope();
        if (weights.dim() == 0) return (Lattice.AdjacencyMatrix() * weights).MoveToOuterDisposeScope();
        var (p, q) = Lattice.IncidenceMatrices();                         // (E, N) each
        var weighted = q * weights.unsqueeze(1);                          // (E, N): w_b on the second end's column
        var upper = Guarded.matmul(p.t(), weighted);                               // (N, N): w at (first, second)
        return (upper + upper.t()).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
