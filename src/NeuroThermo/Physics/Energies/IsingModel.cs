using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Physics.Energies;

/// <summary>
/// The Ising model on a lattice (lecture notes eq. 2.30):
/// E(s) = −J Σ_⟨ij⟩ s_i s_j − h Σ_i s_i, the first sum over the lattice's bonds, each counted once.
/// </summary>
/// <remarks>
/// J &gt; 0 is ferromagnetic (aligned neighbours lower the energy), h &gt; 0 favours s_i = +1. Weights are e^{−βE}
/// with β = 1/T and k_B = 1. As a quadratic form J_ij = J × (number of bonds between i and j) and h_i = h.
/// J and h are 0-D tensors that may require grad; the model keeps its own handle to them, so gradients reach the
/// caller's tensors.
/// </remarks>
public sealed class IsingModel : BondEnergy
{
    private readonly Tensor _coupling;   // J, 0-D
    private readonly Tensor _field;      // h, 0-D

    /// <summary>An Ising model on <paramref name="lattice"/> with coupling J and uniform field h.</summary>
    public IsingModel(Lattice lattice, double coupling = 1, double field = 0)
        : this(lattice, ScalarTensor(coupling), ScalarTensor(field), ownsParameters: true)
    {
    }

    /// <summary>An Ising model whose J and h are the caller's (0-D, possibly requiring grad) tensors.</summary>
    public IsingModel(Lattice lattice, Tensor coupling, Tensor field)
        : this(lattice, coupling, field, ownsParameters: false)
    {
    }

    private IsingModel(Lattice lattice, Tensor coupling, Tensor field, bool ownsParameters)
        : base(lattice)
    {
        _coupling = ownsParameters ? coupling : OwnScalar(coupling, nameof(coupling));
        _field = ownsParameters ? field : OwnScalar(field, nameof(field));
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>J (0-D).</summary>
    public Tensor Coupling => _coupling;

    /// <summary>h (0-D).</summary>
    public Tensor Field => _field;

    protected override Tensor BondWeights => _coupling;

    protected override Tensor UniformField => _field;

    /// <inheritdoc/>
    public override string LargeSystemAdvice => Lattice.Kind switch
    {
        LatticeKind.Chain => "For a chain use IsingChainTransferMatrix, which is exact for any N.",
        LatticeKind.Square => "For a square lattice use IsingStripTransferMatrix (widths up to 12, any height) or OnsagerSolution (the infinite lattice at h = 0).",
        LatticeKind.Complete => "On the complete graph this is the Curie–Weiss model with J_CW = N·J: use CurieWeissExact, which is exact for any N.",
        _ => "No exact method scales to this lattice; use Monte Carlo sampling.",
    };
}
