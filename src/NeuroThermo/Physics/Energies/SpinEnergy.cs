using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Energies;

/// <summary>
/// An energy E(s) on N Ising spins s_i = ±1 that is a quadratic form: E = −½ Σ_ij J_ij s_i s_j − Σ_i h_i s_i with
/// J symmetric and zero on the diagonal. Temperature convention throughout: β = 1/T, k_B = 1, Boltzmann weight
/// e^{−βE}.
/// </summary>
/// <remarks>
/// Every model exposes three views of the same function, each checked against the others by the tests:
/// <list type="bullet">
/// <item><see cref="Energy"/> for a batch (B, N) → (B), computed the model's own way (bond lists, totals);</item>
/// <item><see cref="LocalField"/> h_i^loc = Σ_j J_ij s_j + h_i = −∂E/∂s_i (the derivative of the quadratic form,
/// written by hand), and <see cref="FlipEnergyChange"/> ΔE_i = E(s with s_i → −s_i) − E(s) = 2 s_i h_i^loc, which
/// is exact because E is linear in each s_i;</item>
/// <item><see cref="CouplingMatrix"/> and <see cref="FieldVector"/>: the dense J and h that exact enumeration and the
/// high-temperature expansion use.</item>
/// </list>
/// Couplings and fields are tensors that may require grad; every view is differentiable in them, so autograd can
/// take ∂ ln Z/∂J and ∂ ln Z/∂h. Spins are float64 ±1; values are not checked on each call.
/// </remarks>
public abstract class SpinEnergy : torch.nn.Module<Tensor, Tensor>
{
    /// <param name="spinCount">N, the number of spins.</param>
    protected SpinEnergy(int spinCount) : base(nameof(SpinEnergy))
    {
        if (spinCount < 1) throw new ArgumentOutOfRangeException(nameof(spinCount), spinCount, "A model needs at least one spin.");
        SpinCount = spinCount;
    }

    /// <summary>N, the number of spins.</summary>
    public int SpinCount { get; }

    /// <summary>E(s) for each row of <paramref name="spins"/> (B, N) → (B).</summary>
    public abstract Tensor Energy(Tensor spins);

    /// <summary>h_i^loc = Σ_j J_ij s_j + h_i = −∂E/∂s_i for each row: (B, N) → (B, N).</summary>
    public abstract Tensor LocalField(Tensor spins);

    /// <summary>The dense symmetric (N, N) coupling matrix J, zero diagonal, as a differentiable function of the model's parameters.</summary>
    public abstract Tensor CouplingMatrix();

    /// <summary>The (N) field vector h, as a differentiable function of the model's parameters.</summary>
    public abstract Tensor FieldVector();

    /// <summary>
    /// What to use instead of exact enumeration when N is too large: one sentence naming the class that handles this
    /// model at large N, or saying that none does.
    /// </summary>
    public abstract string LargeSystemAdvice { get; }

    /// <summary>The energy (the module's forward pass).</summary>
    public override Tensor forward(Tensor input) => Energy(input);

    /// <summary>
    /// ΔE_i = E(s with s_i flipped) − E(s) = 2 s_i h_i^loc for every spin of every row: (B, N) → (B, N).
    /// </summary>
    public Tensor FlipEnergyChange(Tensor spins)
    {
        using var field = LocalField(spins);
        return spins * field * 2;
    }

    /// <summary>A 0-D float64 tensor holding <paramref name="value"/>.</summary>
    protected static Tensor ScalarTensor(double value) => torch.full([], value, torch.float64);

    /// <summary>
    /// A second handle to a 0-D parameter tensor given by the caller (so that gradients reach the caller's tensor and
    /// disposing the model frees only its own handle), after checking it is a one-element floating tensor.
    /// </summary>
    protected static Tensor OwnScalar(Tensor value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.numel() != 1 || !value.dtype.IsFloatingPoint())
            throw new ArgumentException($"{name} must be a one-element floating-point tensor; got shape [{string.Join(", ", value.shape)}] of {value.dtype}.", name);
        if (value.dim() == 0) return value.alias();
        using var alias = value.alias();
        return alias.reshape([]);
    }
}
