using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Renormalization;

/// <summary>The couplings one decimation step of the square lattice generates (eq. 3.19), all dimensionless.</summary>
/// <param name="Constant">c, the constant per removed spin (its share of ln Z).</param>
/// <param name="NearestNeighbour">K' on the bonds of the new square lattice (spacing √2), two removed spins per bond.</param>
/// <param name="NextNearestNeighbour">L' across the diagonals of the new lattice, one removed spin per pair.</param>
/// <param name="Quartic">M', the four-spin coupling of the four neighbours of each removed spin.</param>
/// <param name="FitResidual">max over the 16 neighbour configurations of |ln Σ_s e^{K s Σ s_a} − fitted exponent|:
/// zero up to rounding, because the four couplings span every function of four spins with the square's symmetry.</param>
public sealed record DecimatedCouplings(double Constant, double NearestNeighbour, double NextNearestNeighbour, double Quartic, double FitResidual);

/// <summary>
/// One exact decimation step of the nearest-neighbour square-lattice Ising model (lecture notes eqs. 3.18–3.19):
/// the spins of one checkerboard sublattice are summed out, each independently, since its four neighbours
/// s₁…s₄ (taken round the square, so s₁s₂ are neighbours of the new lattice and s₁s₃ are diagonal) all stay.
/// </summary>
/// <remarks>
/// The sum over the removed spin, 2 cosh(K(s₁+s₂+s₃+s₄)), is evaluated for all 16 neighbour configurations and
/// written as exp[c + a(s₁s₂+s₂s₃+s₃s₄+s₄s₁) + b(s₁s₃+s₂s₄) + d s₁s₂s₃s₄] by solving the 16 equations (consistent,
/// four unknowns) in the least-squares sense. Nothing about the answer is assumed: the coefficients come out of
/// the linear system. Each new bond s₁s₂ borders two removed spins, so K' = 2a; L' = b; M' = d. By hand the same
/// system gives K' = ¼ ln cosh 4K, L' = ⅛ ln cosh 4K, M' = ⅛ ln cosh 4K − ½ ln cosh 2K; the tests compare. The
/// step generates L' and M' from K alone, which is why the flow cannot be closed on K and must be truncated
/// (<see cref="TruncatedSquareLatticeFlow"/>).
/// </remarks>
public static class SquareLatticeDecimation
{
    /// <summary>(16, 4): the neighbour configurations, s_a = +1 when bit a of the row index is set.</summary>
    public static double[,] NeighbourConfigurations()
    {
        var spins = new double[16, 4];
        for (var code = 0; code < 16; code++)
            for (var a = 0; a < 4; a++) spins[code, a] = ((code >> a) & 1) == 1 ? 1 : -1;
        return spins;
    }

    /// <summary>
    /// The coefficients (c, a, b, d) for a 0-D float64 coupling K, differentiable in K: the solution of
    /// AᵀA x = Aᵀ y with y = ln 2 cosh(K Σ s) and A the (16, 4) design matrix [1, nn sum, nnn sum, s₁s₂s₃s₄].
    /// </summary>
    public static Tensor Coefficients(Tensor coupling)
    {
        ArgumentNullException.ThrowIfNull(coupling);
        using var scope = torch.NewDisposeScope();
        var (design, neighbourSum) = Design();
        var exponent = LogCosh.Of(neighbourSum * coupling) + Math.Log(2);           // (16) ln Σ_s e^{K s Σ s_a}
        var normal = design.t().mm(design);                                          // (4, 4)
        var projected = design.t().mm(exponent.unsqueeze(1));                        // (4, 1)
        return torch.linalg.solve(normal, projected).squeeze(1).MoveToOuterDisposeScope();   // (4)
    }

    /// <summary>The couplings after one step from nearest-neighbour coupling <paramref name="coupling"/>.</summary>
    public static DecimatedCouplings Decimate(double coupling)
    {
        if (!double.IsFinite(coupling)) throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "K must be finite.");
        using var scope = torch.NewDisposeScope();
        var k = torch.tensor(coupling);
        var coefficients = Coefficients(k);
        var (design, neighbourSum) = Design();
        var exponent = LogCosh.Of(neighbourSum * k) + Math.Log(2);
        var residual = (design.mm(coefficients.unsqueeze(1)).squeeze(1) - exponent).abs().max().ItemAs<double>();
        var c = coefficients.ToArray<double>();
        return new DecimatedCouplings(c[0], 2 * c[1], c[2], c[3], residual);
    }

    // A (16, 4) and Σ_a s_a (16).
    private static (Tensor Design, Tensor NeighbourSum) Design()
    {
        var spins = NeighbourConfigurations();
        var design = new double[16, 4];
        var sums = new double[16];
        for (var row = 0; row < 16; row++)
        {
            var (s1, s2, s3, s4) = (spins[row, 0], spins[row, 1], spins[row, 2], spins[row, 3]);
            design[row, 0] = 1;
            design[row, 1] = s1 * s2 + s2 * s3 + s3 * s4 + s4 * s1;
            design[row, 2] = s1 * s3 + s2 * s4;
            design[row, 3] = s1 * s2 * s3 * s4;
            sums[row] = s1 + s2 + s3 + s4;
        }
        return (torch.tensor(design), torch.tensor(sums));
    }
}
