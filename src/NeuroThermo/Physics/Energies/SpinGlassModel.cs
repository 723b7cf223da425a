using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Energies;

/// <summary>
/// The general Ising spin glass: any symmetric coupling matrix J with zero diagonal and any fields h,
/// E(s) = −½ Σ_ij J_ij s_i s_j − Σ_i h_i s_i = −Σ_{i&lt;j} J_ij s_i s_j − Σ_i h_i s_i.
/// </summary>
/// <remarks>
/// J_ij &gt; 0 favours s_i = s_j; h_i &gt; 0 favours s_i = +1; weights e^{−βE}, β = 1/T, k_B = 1. With J a leaf tensor
/// whose entries are independent, ∂ ln Z/∂J_ij = (β/2)⟨s_i s_j⟩, so ⟨s_i s_j⟩ = β⁻¹(∂_{J_ij} + ∂_{J_ji}) ln Z.
/// The Sherrington–Kirkpatrick model is this model with Gaussian couplings (<see cref="SherringtonKirkpatrick"/>).
/// </remarks>
public sealed class SpinGlassModel : SpinEnergy
{
    /// <summary>Asymmetry tolerated in J, relative to its largest entry: rounding in a product such as X Xᵀ, nothing more.</summary>
    public const double SymmetryTolerance = 1e-12;

    [ComponentName(Name = "couplings")]
    private readonly Tensor _couplings;   // J, (N, N)
    [ComponentName(Name = "fields")]
    private readonly Tensor _fields;      // h, (N)

    /// <summary>A spin glass whose J (N, N) and h (N) are the caller's tensors (they may require grad).</summary>
    /// <exception cref="ArgumentException">J is not square and symmetric with a zero diagonal, or h does not have N entries.</exception>
    public SpinGlassModel(Tensor couplings, Tensor fields)
        : this(couplings, fields, ownsParameters: false)
    {
    }

    /// <summary>A spin glass from a row-major J (N × N values) and h (N values).</summary>
    public SpinGlassModel(double[,] couplings, double[] fields)
        : this(torch.tensor(couplings), torch.tensor(fields), ownsParameters: true)
    {
    }

    internal SpinGlassModel(Tensor couplings, Tensor fields, bool ownsParameters)
        : base(CheckCouplings(couplings))
    {
        CheckFields(fields, SpinCount);
        _couplings = ownsParameters ? couplings : couplings.alias();
        _fields = ownsParameters ? fields : fields.alias();
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>J (N, N).</summary>
    public Tensor Couplings => _couplings;

    /// <summary>h (N).</summary>
    public Tensor Fields => _fields;

    /// <inheritdoc/>
    public override Tensor Energy(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var scope = torch.NewDisposeScope();
        var pair = (Guarded.matmul(spins, _couplings) * spins).sum(1) * 0.5;   // (B): ½ sᵀ J s
        var zeeman = Guarded.matmul(spins, _fields);                            // (B): hᵀ s
        return (-(pair + zeeman)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>−∂E/∂s_i = Σ_j J_ij s_j + h_i, i.e. s J + h row by row (J is symmetric).</remarks>
    public override Tensor LocalField(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, SpinCount);
        using var product = Guarded.matmul(spins, _couplings);
        return product + _fields;
    }

    /// <inheritdoc/>
    public override Tensor CouplingMatrix() => _couplings.alias();

    /// <inheritdoc/>
    public override Tensor FieldVector() => _fields.alias();

    /// <inheritdoc/>
    public override string LargeSystemAdvice => "No exact method scales past enumeration for a general spin glass; use Monte Carlo sampling (parallel tempering).";

    private static int CheckCouplings(Tensor couplings)
    {
        ArgumentNullException.ThrowIfNull(couplings);
        var shape = couplings.shape;
        if (shape.Length != 2 || shape[0] != shape[1] || shape[0] < 1 || !couplings.dtype.IsFloatingPoint())
            throw new ArgumentException($"Couplings must be a square floating-point (N, N) matrix; got shape [{string.Join(", ", shape)}] of {couplings.dtype}.", nameof(couplings));
        var n = (int)shape[0];
        var values = Numerics.Values(couplings);
        var largest = values.Max(Math.Abs);
        for (var i = 0; i < n; i++)
        {
            if (values[i * n + i] != 0)
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The coupling matrix must have a zero diagonal (s_i² = 1 makes J_ii a constant), but J[{i},{i}] = {values[i * n + i]}."),
                    nameof(couplings));
            for (var j = i + 1; j < n; j++)
            {
                var (a, b) = (values[i * n + j], values[j * n + i]);
                if (!double.IsFinite(a) || Math.Abs(a - b) > SymmetryTolerance * largest)
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"The coupling matrix must be symmetric and finite, but J[{i},{j}] = {a} and J[{j},{i}] = {b}."),
                        nameof(couplings));
            }
        }
        return n;
    }

    private static void CheckFields(Tensor fields, int n)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.dim() != 1 || fields.size(0) != n || !fields.dtype.IsFloatingPoint())
            throw new ArgumentException($"Fields must be a floating-point vector of {n} entries; got shape [{string.Join(", ", fields.shape)}].", nameof(fields));
        if (Numerics.Values(fields).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("Every field h_i must be finite.", nameof(fields));
    }
}
