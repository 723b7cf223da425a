using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Physics.Energies;

/// <summary>
/// The Curie–Weiss (fully connected) ferromagnet (lecture notes eq. 2.41):
/// E(s) = −(J/2N) Σ_{i≠j} s_i s_j − h Σ_i s_i = −(J/2N)(M² − N) − h M, with M = Σ_i s_i.
/// </summary>
/// <remarks>
/// Convention, stated precisely: the double sum runs over ordered pairs i ≠ j, so every unordered pair appears twice
/// and carries J/N in total; as a quadratic form J_ij = J/N for i ≠ j and 0 on the diagonal. Writing the energy as
/// −(J/2N) M² instead (diagonal included) shifts it by the constant −J/2, which changes ln Z by βJ/2 and nothing else.
/// J &gt; 0 is ferromagnetic, h &gt; 0 favours +1; weights e^{−βE}, β = 1/T, k_B = 1; mean-field critical point βJ = 1.
/// </remarks>
public sealed class CurieWeissModel : SpinEnergy
{
    [ComponentName(Name = "coupling")]
    private readonly Tensor _coupling;   // J, 0-D
    [ComponentName(Name = "field")]
    private readonly Tensor _field;      // h, 0-D

    /// <summary>N spins with coupling J and field h.</summary>
    public CurieWeissModel(int spins, double coupling = 1, double field = 0)
        : this(spins, ScalarTensor(coupling), ScalarTensor(field), ownsParameters: true)
    {
    }

    /// <summary>N spins whose J and h are the caller's (0-D, possibly requiring grad) tensors.</summary>
    public CurieWeissModel(int spins, Tensor coupling, Tensor field)
        : this(spins, coupling, field, ownsParameters: false)
    {
    }

    private CurieWeissModel(int spins, Tensor coupling, Tensor field, bool ownsParameters)
        : base(spins)
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

    /// <inheritdoc/>
    public override Tensor Energy(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var scope = torch.NewDisposeScope();
        // Σ_i s_i² rather than N: equal on ±1, and it keeps E the zero-diagonal quadratic form for real s too, so that
        // autograd's −∂E/∂s_i is the local field (J/N)(M − s_i) + h.
        var total = spins.sum(1);                                                                  // (B): M
        var exchange = (total.square() - spins.square().sum(1)) * _coupling / (2.0 * SpinCount);  // (J/2N) Σ_{i≠j} s_i s_j
        return (-(exchange + total * _field)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>−∂E/∂s_i = (J/N) Σ_{j≠i} s_j + h = (J/N)(M − s_i) + h.</remarks>
    public override Tensor LocalField(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var scope = torch.NewDisposeScope();
        var others = spins.sum(1, keepdim: true) - spins;                       // (B, N): M − s_i
        return (others * _coupling / SpinCount + _field).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor CouplingMatrix()
    {
        using var scope = torch.NewDisposeScope();
        var offDiagonal = torch.ones([SpinCount, SpinCount], torch.float64) - torch.eye(SpinCount, dtype: torch.float64);
        return (offDiagonal * _coupling / SpinCount).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor FieldVector()
    {
        using var ones = torch.ones([SpinCount], torch.float64);
        return ones * _field;
    }

    /// <inheritdoc/>
    public override string LargeSystemAdvice => "Use CurieWeissExact, the binomial sum over the magnetization, which is exact for any N.";
}
