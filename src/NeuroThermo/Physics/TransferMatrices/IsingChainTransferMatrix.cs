using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.TransferMatrices;

/// <summary>
/// The 1D Ising chain E = −J Σ_i s_i s_{i+1} − h Σ_i s_i solved exactly by its 2×2 transfer matrix
/// T(s, s') = exp(βJ s s' + βh (s + s')/2) (lecture notes eqs. 2.33–2.40), for any N.
/// </summary>
/// <remarks>
/// With K = βJ and H = βh the eigenvalues are λ± = e^K [cosh H ± √(sinh² H + e^{−4K})]. A ring of N spins has
/// Z = Tr T^N = λ₊^N + λ₋^N; an open chain Z = vᵀ T^{N−1} v with v(s) = e^{Hs/2}, expanded on the eigenvectors
/// (cos φ, sin φ) and (−sin φ, cos φ), tan 2φ = e^{−2K}/sinh H. Everything is evaluated in log space, as tensors, so
/// that ln Z is finite for N up to 10⁹ and differentiable in β, J and h. Weights e^{−βE}, β = 1/T, k_B = 1.
/// A ring of two spins counts its bond twice, as Tr T² does and as <see cref="Lattice.Chain"/> does.
/// </remarks>
public sealed class IsingChainTransferMatrix : IDisposable
{
    private readonly Tensor _coupling;   // J, 0-D
    private readonly Tensor _field;      // h, 0-D

    /// <summary>A chain of <paramref name="spins"/> spins with coupling J and field h.</summary>
    public IsingChainTransferMatrix(int spins, Boundary boundary, double coupling = 1, double field = 0)
    {
        if (!Enum.IsDefined(boundary)) throw new ArgumentOutOfRangeException(nameof(boundary), boundary, "Unknown boundary condition.");
        var fewest = boundary == Boundary.Periodic ? 2 : 1;
        if (spins < fewest)
            throw new ArgumentOutOfRangeException(nameof(spins), spins, $"A {boundary.ToString().ToLowerInvariant()} chain needs at least {fewest} spin(s).");
        if (!double.IsFinite(coupling)) throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "J must be finite.");
        if (!double.IsFinite(field)) throw new ArgumentOutOfRangeException(nameof(field), field, "h must be finite.");
        SpinCount = spins;
        Boundary = boundary;
        _coupling = torch.full([], coupling, torch.float64);
        _field = torch.full([], field, torch.float64);
    }

    /// <summary>N.</summary>
    public int SpinCount { get; }

    /// <summary>Ring (periodic) or open chain.</summary>
    public Boundary Boundary { get; }

    /// <summary>J (0-D); set requires_grad on it to differentiate ln Z in J.</summary>
    public Tensor Coupling => _coupling;

    /// <summary>h (0-D); set requires_grad on it to differentiate ln Z in h.</summary>
    public Tensor Field => _field;

    /// <summary>ln Z for each β of <paramref name="beta"/> (0-D or (B), float64, β ≥ 0), differentiable in β, J and h.</summary>
    public Tensor LogPartitionFunction(Tensor beta)
    {
        Numerics.CheckInverseTemperatures(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var (k, h, logLargest, _, ratio) = Spectrum(beta, _coupling, _field);
        Tensor logZ;
        if (Boundary == Boundary.Periodic)
        {
            // N ln λ₊ + ln(1 + r^N), r = λ₋/λ₊
            logZ = (k + logLargest) * SpinCount + ratio.pow(SpinCount).log1p();
        }
        else
        {
            var angle = (-2 * k).exp().atan2(Sinh(h)) * 0.5;                          // φ: tan 2φ = e^{−2K}/sinh H
            var (up, down) = ((h * 0.5).exp(), (h * -0.5).exp());                      // v = (e^{H/2}, e^{−H/2})
            var alongLargest = up * angle.cos() + down * angle.sin();
            var alongSmallest = down * angle.cos() - up * angle.sin();
            var bracket = alongLargest.square() + alongSmallest.square() * ratio.pow(SpinCount - 1);
            logZ = (k + logLargest) * (SpinCount - 1) + bracket.log();
        }
        return logZ.MoveToOuterDisposeScope();
    }

    /// <summary>ln Z at one β ≥ 0.</summary>
    public double LogPartitionFunction(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var b = torch.full([], beta, torch.float64);
        using var logZ = LogPartitionFunction(b);
        return logZ.ItemAs<double>();
    }

    /// <summary>f = −ln Z/(βN), the free energy per spin of this finite chain (β &gt; 0).</summary>
    public double FreeEnergyPerSpin(double beta) => -LogPartitionFunction(PositiveBeta(beta)) / (beta * SpinCount);

    /// <summary>The N → ∞ limit of the free energy per spin, f = −β⁻¹ ln λ₊, the same for both boundary conditions (β &gt; 0).</summary>
    public static double FreeEnergyPerSpinLimit(double beta, double coupling = 1, double field = 0)
    {
        using var scope = torch.NewDisposeScope();
        var b = PositiveBeta(beta);
        var (k, _, logLargest, _, _) = Spectrum(torch.full([], b, torch.float64),
            torch.full([], coupling, torch.float64), torch.full([], field, torch.float64));
        return -(k.ItemAs<double>() + logLargest.ItemAs<double>()) / b;
    }

    /// <summary>λ₊ and λ₋, the eigenvalues of T (β ≥ 0).</summary>
    public static (double Largest, double Smallest) Eigenvalues(double beta, double coupling = 1, double field = 0)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var (k, _, logLargest, _, ratio) = Spectrum(torch.full([], beta, torch.float64),
            torch.full([], coupling, torch.float64), torch.full([], field, torch.float64));
        var plus = Math.Exp(k.ItemAs<double>() + logLargest.ItemAs<double>());
        return (plus, plus * ratio.ItemAs<double>());
    }

    /// <summary>
    /// ξ = 1/ln(λ₊/|λ₋|), the correlation length in lattice spacings of the infinite chain: the connected correlation
    /// ⟨s_0 s_r⟩ − ⟨s⟩² decays as (λ₋/λ₊)^r = ±e^{−r/ξ}. At h = 0 it is −1/ln tanh(βJ).
    /// </summary>
    public static double CorrelationLength(double beta, double coupling = 1, double field = 0)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var (_, _, _, logRatio, _) = Spectrum(torch.full([], beta, torch.float64),
            torch.full([], coupling, torch.float64), torch.full([], field, torch.float64));
        return -1 / logRatio.ItemAs<double>();
    }

    // K = βJ, H = βh; λ₊ = e^K ℓ with ℓ = cosh H + √(sinh² H + e^{−4K}), and r = λ₋/λ₊ = (1 − e^{−4K})/ℓ² from
    // λ₊λ₋ = e^{2K} − e^{−2K}. Returned as ln ℓ = ln(1 + 2 sinh²(H/2) + √(…)) and ln|r| = ln|1 − e^{−4K}| − 2 ln ℓ,
    // both through log1p/expm1, so that r close to 1 (long correlation length) keeps its relative precision; r itself
    // is formed directly, so that r^N has the right derivative also at β = 0, where r = 0.
    private static (Tensor K, Tensor H, Tensor LogLargest, Tensor LogRatio, Tensor Ratio) Spectrum(Tensor beta, Tensor coupling, Tensor field)
    {
        var k = beta * coupling;
        var h = beta * field;
        var root = (Sinh(h).square() + (-4 * k).exp()).sqrt();
        var logLargest = (Sinh(h * 0.5).square() * 2 + root).log1p();
        var numerator = -(-4 * k).expm1();                       // 1 − e^{−4K}, negative for J < 0
        var logRatio = numerator.abs().log() - logLargest * 2;
        return (k, h, logLargest, logRatio, numerator * (logLargest * -2).exp());
    }

    private static Tensor Sinh(Tensor x) => (x.exp() - (-x).exp()) * 0.5;

    private static double PositiveBeta(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        return beta > 0 ? beta : throw new ArgumentOutOfRangeException(nameof(beta), beta, "The free energy −T ln Z needs β > 0.");
    }

    public void Dispose()
    {
        _coupling.Dispose();
        _field.Dispose();
    }
}
