using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Energies;

/// <summary>How Edwards–Anderson bonds are drawn.</summary>
public enum BondDistribution
{
    /// <summary>J_ij = ±J with probability ½ each.</summary>
    PlusMinus,

    /// <summary>J_ij ~ N(0, J²).</summary>
    Gaussian,
}

/// <summary>
/// The Edwards–Anderson spin glass (lecture notes eq. 2.61): Ising spins on a lattice with one coupling per bond,
/// E(s) = −Σ_⟨ij⟩ J_ij s_i s_j − h Σ_i s_i.
/// </summary>
/// <remarks>
/// J_ij &gt; 0 favours s_i = s_j, J_ij &lt; 0 favours s_i = −s_j; a loop whose product of couplings is negative is
/// frustrated (no configuration satisfies all its bonds, eq. 2.65). Weights are e^{−βE} with β = 1/T, k_B = 1.
/// The bonds follow the lattice's bond order (see <see cref="Lattice"/>); they are a (E) float64 tensor that may
/// require grad, as is the 0-D field h.
/// </remarks>
public sealed class EdwardsAndersonModel : BondEnergy
{
    private readonly Tensor _bonds;   // J_b, (E)
    private readonly Tensor _field;   // h, 0-D

    /// <summary>A model whose bond couplings (in the lattice's bond order) and field are the caller's tensors.</summary>
    public EdwardsAndersonModel(Lattice lattice, Tensor bonds, Tensor field)
        : this(lattice, bonds, field, ownsParameters: false)
    {
    }

    /// <summary>A model with the given bond values and field.</summary>
    public EdwardsAndersonModel(Lattice lattice, IReadOnlyList<double> bonds, double field = 0)
        : this(lattice, Values(bonds), ScalarTensor(field), ownsParameters: true)
    {
    }

    private EdwardsAndersonModel(Lattice lattice, Tensor bonds, Tensor field, bool ownsParameters)
        : base(lattice)
    {
        ArgumentNullException.ThrowIfNull(bonds);
        if (bonds.dim() != 1 || bonds.size(0) != lattice.BondCount || !bonds.dtype.IsFloatingPoint())
            throw new ArgumentException(
                $"Bonds must be a floating-point vector of {lattice.BondCount} couplings, one per bond of the {lattice.Description}; got shape [{string.Join(", ", bonds.shape)}].",
                nameof(bonds));
        _bonds = ownsParameters ? bonds : bonds.alias();
        _field = ownsParameters ? field : OwnScalar(field, nameof(field));
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>Draws every bond independently from <paramref name="distribution"/> with scale <paramref name="scale"/>, using <paramref name="generator"/>.</summary>
    public static EdwardsAndersonModel Sample(Lattice lattice, BondDistribution distribution, Generator generator,
        double scale = 1, double field = 0)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(generator);
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The bond scale J must be positive and finite.");
        using var scope = torch.NewDisposeScope();
        var shape = new long[] { lattice.BondCount };
        var bonds = distribution switch
        {
            BondDistribution.PlusMinus => (torch.randint(0, 2, shape, torch.float64, generator: generator) * 2 - 1) * scale,
            BondDistribution.Gaussian => torch.randn(shape, torch.float64, generator: generator) * scale,
            _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown bond distribution."),
        };
        return new EdwardsAndersonModel(lattice, bonds.DetachFromDisposeScope(), ScalarTensor(field).DetachFromDisposeScope(), ownsParameters: true);
    }

    /// <summary>J_b, one per bond (E).</summary>
    public Tensor Bonds => _bonds;

    /// <summary>h (0-D).</summary>
    public Tensor Field => _field;

    protected override Tensor BondWeights => _bonds;

    protected override Tensor UniformField => _field;

    /// <inheritdoc/>
    public override string LargeSystemAdvice => "No exact method scales past enumeration for a spin glass; use Monte Carlo sampling (parallel tempering).";

    private static Tensor Values(IReadOnlyList<double> bonds)
    {
        ArgumentNullException.ThrowIfNull(bonds);
        foreach (var b in bonds)
        {
            if (!double.IsFinite(b)) throw new ArgumentException($"Bond value {b} is not finite.", nameof(bonds));
        }
        return torch.tensor(bonds.ToArray());
    }
}
