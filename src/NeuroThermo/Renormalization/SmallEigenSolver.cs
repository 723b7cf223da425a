using System.Numerics;

namespace NeuroThermo.Renormalization;

/// <summary>An eigenvalue of a real matrix and, when it is real, a unit eigenvector (first non-zero entry positive).</summary>
public sealed record EigenPair(Complex Value, double[]? Vector);

/// <summary>
/// Eigenvalues and eigenvectors of the 1×1 and 2×2 real, generally non-symmetric Jacobians of the RG maps here, in
/// closed form. The linearised map is not symmetric (eq. 3.28 is not), so a symmetric solver does not apply, and
/// libtorch's general eigen-solver returns complex tensors this binding does not read; two couplings need no more
/// than the quadratic formula.
/// </summary>
public static class SmallEigenSolver
{
    /// <summary>The eigen-pairs of <paramref name="matrix"/>, largest |λ| first. Complex eigenvalues come as a conjugate
    /// pair without vectors.</summary>
    public static IReadOnlyList<EigenPair> Solve(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.GetLength(0);
        if (n != matrix.GetLength(1)) throw new ArgumentException($"A {n}×{matrix.GetLength(1)} matrix is not square.", nameof(matrix));
        foreach (var entry in matrix)
            if (!double.IsFinite(entry)) throw new ArgumentException("The matrix has a non-finite entry.", nameof(matrix));
        return n switch
        {
            1 => [new EigenPair(matrix[0, 0], [1.0])],
            2 => Solve2(matrix[0, 0], matrix[0, 1], matrix[1, 0], matrix[1, 1]),
            _ => throw new ArgumentException($"Only 1×1 and 2×2 matrices are solved here (the maps have one or two couplings), not {n}×{n}.", nameof(matrix)),
        };
    }

    // λ² − tr λ + det = 0. The root of larger modulus is formed without cancellation and the other as det/λ₁.
    private static EigenPair[] Solve2(double a, double b, double c, double d)
    {
        var half = (a + d) / 2;
        var discriminant = (a - d) * (a - d) / 4 + b * c;       // tr²/4 − det, written to avoid cancelling a·d
        var determinant = a * d - b * c;
        if (discriminant < 0)
        {
            var imaginary = Math.Sqrt(-discriminant);
            return [new EigenPair(new Complex(half, imaginary), null), new EigenPair(new Complex(half, -imaginary), null)];
        }
        var root = Math.Sqrt(discriminant);
        var larger = half >= 0 ? half + root : half - root;
        var smaller = larger != 0 ? determinant / larger : 0;
        var pairs = new[] { larger, smaller }
            .OrderByDescending(Math.Abs)
            .Select(lambda => new EigenPair(lambda, Vector2(a, b, c, d, lambda)))
            .ToArray();
        if (root == 0 && b == 0 && c == 0) pairs[1] = pairs[1] with { Vector = [0.0, 1.0] };   // λ·I: both axes
        return pairs;
    }

    // (A − λI)v = 0: v is orthogonal to the row of A − λI with the larger norm (the better-conditioned equation).
    private static double[] Vector2(double a, double b, double c, double d, double lambda)
    {
        var (p1, q1) = (a - lambda, b);
        var (p2, q2) = (c, d - lambda);
        var (p, q) = p1 * p1 + q1 * q1 >= p2 * p2 + q2 * q2 ? (p1, q1) : (p2, q2);
        if (p == 0 && q == 0) return [1.0, 0.0];
        var (x, y) = (q, -p);
        var norm = Math.Sqrt(x * x + y * y);
        var sign = x != 0 ? Math.Sign(x) : Math.Sign(y);
        return [sign * x / norm, sign * y / norm];
    }
}
