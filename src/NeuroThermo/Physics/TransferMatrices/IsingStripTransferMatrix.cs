using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.TransferMatrices;

/// <summary>
/// The 2D Ising model E = −J Σ_⟨ij⟩ s_i s_j − h Σ_i s_i on a W × M square lattice (W ≤ 12, any M), solved exactly by
/// the row-to-row transfer matrix over the 2^W configurations of a row.
/// </summary>
/// <remarks>
/// In symmetric form T(σ, σ') = exp(β[J σ·σ' + (a(σ) + a(σ'))/2]), where a(σ) = J Σ_x σ_x σ_{x+1} + h Σ_x σ_x is
/// minus the energy inside a row (its last bond wrapping round when the width is periodic). A torus (periodic height)
/// has Z = Tr T^M, computed by repeated squaring; open top and bottom rows give Z = wᵀ T^{M−1} w with w = e^{βa/2}.
/// Every product is rescaled by its largest entry and the scales are summed in log space, so ln Z is finite for any
/// M and differentiable in β. Sites are numbered x + W·y, as in <see cref="Lattice.Square"/>, and bonds between two
/// rows of a periodic height of 2 (or in a periodic width of 2) are counted twice, as there. Weights e^{−βE}, β = 1/T, k_B = 1.
/// Cost: the dense 2^W × 2^W matrix, and about log₂ M products of it for a torus; at W = 12 that is 134 MB per β and
/// a few seconds per product (a 12 × 12 torus: Z in about 15 s on two cores, ⟨E⟩ by autograd in about a minute).
/// </remarks>
public sealed class IsingStripTransferMatrix : IDisposable
{
    /// <summary>Widest strip: 2^12 = 4096 row states.</summary>
    public const int MaxWidth = 12;

    private readonly Tensor _rowOverlap;   // (S, S): σ·σ'
    private readonly Tensor _rowBonds;     // (S): Σ_x σ_x σ_{x+1} inside a row
    private readonly Tensor _rowTotals;    // (S): Σ_x σ_x

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> lattice with coupling J and field h.</summary>
    public IsingStripTransferMatrix(int width, int height, Boundary widthBoundary, Boundary heightBoundary,
        double coupling = 1, double field = 0)
    {
        if (width is < 1 or > MaxWidth)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The row transfer matrix handles widths 1 to {MaxWidth} (2^{MaxWidth} row states); for the infinite lattice use OnsagerSolution.");
        CheckSide(width, widthBoundary, nameof(width));
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "A lattice needs at least one row.");
        CheckSide(height, heightBoundary, nameof(height));
        if (!double.IsFinite(coupling)) throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "J must be finite.");
        if (!double.IsFinite(field)) throw new ArgumentOutOfRangeException(nameof(field), field, "h must be finite.");
        (Width, Height, WidthBoundary, HeightBoundary, Coupling, Field) = (width, height, widthBoundary, heightBoundary, coupling, field);

        using var scope = torch.NewDisposeScope();
        var rows = SpinConfigurations.Range(0, 1L << width, width);                       // (S, W)
        _rowOverlap = Guarded.matmul(rows, rows.t()).DetachFromDisposeScope();                       // (S, S)
        var bonds = torch.zeros([1L << width], torch.float64);
        for (var x = 0; x + 1 < width; x++) bonds = bonds + rows[.., x] * rows[.., x + 1];
        if (widthBoundary == Boundary.Periodic) bonds = bonds + rows[.., width - 1] * rows[.., 0];
        _rowBonds = bonds.DetachFromDisposeScope();
        _rowTotals = rows.sum(1).DetachFromDisposeScope();
    }

    public int Width { get; }

    public int Height { get; }

    public Boundary WidthBoundary { get; }

    public Boundary HeightBoundary { get; }

    public double Coupling { get; }

    public double Field { get; }

    /// <summary>Number of sites W·M.</summary>
    public long SiteCount => (long)Width * Height;

    /// <summary>ln Z for each β of <paramref name="beta"/> (0-D or (B), float64, β ≥ 0), differentiable in β.</summary>
    public Tensor LogPartitionFunction(Tensor beta)
    {
        Numerics.CheckInverseTemperatures(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var flat = beta.reshape(-1);
        var values = new List<Tensor>();
        for (var b = 0; b < flat.size(0); b++) values.Add(LogPartitionFunctionAt(flat[b]));
        var logZ = torch.stack(values, 0);
        return (beta.dim() == 0 ? logZ.reshape([]) : logZ).MoveToOuterDisposeScope();
    }

    /// <summary>f = −ln Z/(βWM), the free energy per site of this finite lattice (β &gt; 0).</summary>
    public double FreeEnergyPerSite(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        if (beta == 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "The free energy −T ln Z needs β > 0.");
        using var b = torch.full([], beta, torch.float64);
        using var logZ = LogPartitionFunction(b);
        return -logZ.ItemAs<double>() / (beta * SiteCount);
    }

    /// <summary>⟨E⟩/(WM) = −(1/WM) ∂ ln Z/∂β by autograd.</summary>
    public double InternalEnergyPerSite(double beta) =>
        ThermodynamicDerivatives.InternalEnergy(LogPartitionFunction, [beta])[0] / SiteCount;

    /// <summary>
    /// The free energy per site of the infinitely long strip of this width, −(βW)⁻¹ ln λ_max(T) (β &gt; 0): the
    /// M → ∞ limit for either boundary condition in the height.
    /// </summary>
    public double InfiniteStripFreeEnergyPerSite(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        if (beta == 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "The free energy −T ln Z needs β > 0.");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (scaled, logScale) = ScaledTransferMatrix(torch.full([], beta, torch.float64));
        var (eigenvalues, _) = torch.linalg.eigh(scaled);
        var logLargest = logScale.ItemAs<double>() + Math.Log(eigenvalues.max().ItemAs<double>());
        return -logLargest / (beta * Width);
    }

    private Tensor LogPartitionFunctionAt(Tensor beta)
    {
        var (matrix, logScale) = ScaledTransferMatrix(beta);                  // T = e^{logScale} · matrix
        if (HeightBoundary == Boundary.Periodic)
        {
            var (power, logPower) = MatrixPower(matrix, Height);
            return logScale * Height + logPower + power.trace().log();
        }
        var halfRow = (Row(beta) * 0.5);                                      // (S): ln w
        var shift = halfRow.max().detach();
        var end = (halfRow - shift).exp();                                    // (S): w e^{−shift}
        var vector = end;
        Tensor logVector = torch.zeros([], torch.float64);
        for (var step = 1; step < Height; step++)
        {
            vector = Guarded.matmul(matrix, vector);
            var norm = vector.max().detach();
            vector = vector / norm;
            logVector = logVector + norm.log();
        }
        return logScale * (Height - 1) + logVector + shift * 2 + end.dot(vector).log();
    }

    // ln T = β[J σ·σ' + (a(σ) + a(σ'))/2]; returns exp(ln T − c) and c = max ln T (detached).
    private (Tensor Matrix, Tensor LogScale) ScaledTransferMatrix(Tensor beta)
    {
        var row = Row(beta);                                                      // (S): β a(σ)
        var logT = _rowOverlap * (beta * Coupling) + (row.unsqueeze(0) + row.unsqueeze(1)) * 0.5;   // (S, S)
        var logScale = logT.max().detach();
        return ((logT - logScale).exp(), logScale);
    }

    private Tensor Row(Tensor beta) => (_rowBonds * Coupling + _rowTotals * Field) * beta;

    // matrix^power as (P, ln s) with matrix^power = s·P, by binary powering with every product rescaled to max 1.
    private static (Tensor Power, Tensor LogScale) MatrixPower(Tensor matrix, int power)
    {
        Tensor? result = null;
        Tensor resultLog = torch.zeros([], torch.float64);
        var factor = matrix;
        Tensor factorLog = torch.zeros([], torch.float64);
        for (var remaining = power; remaining > 0; remaining >>= 1)
        {
            if ((remaining & 1) == 1)
            {
                result = result is null ? factor : Guarded.matmul(result, factor);
                resultLog = resultLog + factorLog;
                (result, resultLog) = Rescale(result, resultLog);
            }
            if (remaining > 1)
            {
                (factor, factorLog) = Rescale(Guarded.matmul(factor, factor), factorLog * 2);
            }
        }
        return (result!, resultLog);
    }

    private static (Tensor, Tensor) Rescale(Tensor matrix, Tensor logScale)
    {
        var largest = matrix.abs().max().detach();
        return (matrix / largest, logScale + largest.log());
    }

    private static void CheckSide(int side, Boundary boundary, string name)
    {
        if (!Enum.IsDefined(boundary)) throw new ArgumentOutOfRangeException(name, boundary, "Unknown boundary condition.");
        if (boundary == Boundary.Periodic && side == 1)
            throw new ArgumentOutOfRangeException(name, side, "A periodic side of length 1 would bond a site to itself; use Boundary.Open or a side of at least 2.");
    }

    public void Dispose()
    {
        _rowOverlap.Dispose();
        _rowBonds.Dispose();
        _rowTotals.Dispose();
    }
}
