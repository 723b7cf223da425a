using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Physics.Energies;

/// <summary>
/// An energy over the bonds of a lattice, E(s) = −Σ_b w_b s_i s_j − h Σ_i s_i with b = (i, j) running over the bonds
/// (each once): the common form of the Ising model (one w = J for every bond) and the Edwards–Anderson model (one w
/// per bond). Weights e^{−βE}, β = 1/T, k_B = 1.
/// </summary>
/// <remarks>
/// The sums are gathers and scatters over the bond list, so they cost O(B·E) for a batch of B configurations and E
/// bonds, whatever the lattice; only <see cref="CouplingMatrix"/> builds an N × N matrix, for the exact methods.
/// </remarks>
public abstract class BondEnergy : SpinEnergy
{
    private readonly BondList _bonds;

    protected BondEnergy(Lattice lattice)
        : base(CheckLattice(lattice).SiteCount)
    {
        _bonds = new BondList(lattice);
    }

    /// <summary>The lattice whose bonds the sum runs over.</summary>
    public Lattice Lattice => _bonds.Lattice;

    /// <summary>w: a 0-D tensor (every bond alike) or one weight per bond (E).</summary>
    protected abstract Tensor BondWeights { get; }

    /// <summary>h, 0-D.</summary>
    protected abstract Tensor UniformField { get; }

    /// <inheritdoc/>
    public override Tensor Energy(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var scope = torch.NewDisposeScope();
        var bonds = _bonds.WeightedSum(spins, BondWeights);   // (B): Σ_b w_b s_i s_j
        var zeeman = spins.sum(1) * UniformField;              // (B): h Σ_i s_i
        return (-(bonds + zeeman)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>−∂E/∂s_i = Σ_{bonds b ∋ i} w_b s_other(b) + h.</remarks>
    public override Tensor LocalField(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var neighbours = _bonds.NeighbourField(spins, BondWeights);
        return neighbours + UniformField;
    }

    /// <inheritdoc/>
    public override Tensor CouplingMatrix() => _bonds.DenseCouplings(BondWeights);

    /// <inheritdoc/>
    public override Tensor FieldVector()
    {
        using var ones = torch.ones([SpinCount], torch.float64);
        return ones * UniformField;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _bonds.Dispose();
        base.Dispose(disposing);
    }

    private static Lattice CheckLattice(Lattice lattice)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        return lattice;
    }
}
