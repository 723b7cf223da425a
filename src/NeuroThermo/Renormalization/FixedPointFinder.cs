using System.Globalization;

namespace NeuroThermo.Renormalization;

/// <summary>Settings of <see cref="FixedPointFinder"/>.</summary>
public sealed record FixedPointOptions
{
    /// <summary>Converged when max_i |R(K)_i − K_i| is at most this. 1e-14 is a few rounding errors of couplings of
    /// order one, so a quadratically converging Newton iteration reaches it and the fixed point is good to ~1e-15.</summary>
    public double Tolerance { get; init; } = 1e-14;

    /// <summary>Newton steps before giving up; a start inside the basin of a fixed point needs fewer than ten.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>A step is halved until the residual drops, at most this many times (2⁻⁴⁰ of a Newton step is below
    /// any useful move).</summary>
    public int MaxHalvings { get; init; } = 40;
}

/// <summary>A fixed point K* = R(K*) and how it was found.</summary>
/// <param name="Couplings">K*.</param>
/// <param name="Residual">max_i |R(K*)_i − K*_i|.</param>
/// <param name="Iterations">Newton steps taken.</param>
public sealed record FixedPoint(double[] Couplings, double Residual, int Iterations);

/// <summary>Newton's method did not reach a fixed point; the message says from where, why, and where it stopped.</summary>
public sealed class FixedPointNotFoundException(string message) : Exception(message);

/// <summary>
/// Damped Newton iteration for R(K) = K. With F(K) = R(K) − K and the autograd Jacobian J of R, a step solves
/// (J − I) δ = −F and moves by the largest δ/2^m that lowers max|F| — the damping that keeps a start far from K*
/// from being thrown across the coupling space by a nearly singular J − I.
/// </summary>
public static class FixedPointFinder
{
    /// <summary>The fixed point of <paramref name="map"/> that Newton's method reaches from <paramref name="start"/>.</summary>
    /// <exception cref="FixedPointNotFoundException">No convergence within the iteration budget, a singular J − I, a step
    /// that cannot be damped into a decrease, or couplings that leave the finite numbers.</exception>
    public static FixedPoint Find(RgMap map, IReadOnlyList<double> start, FixedPointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(start);
        options ??= new FixedPointOptions();
        if (start.Count != map.Dimension)
            throw new ArgumentException($"{map.Name} has {map.Dimension} coupling(s); the start has {start.Count}.", nameof(start));
        if (!start.All(double.IsFinite)) throw new ArgumentException("The start must be finite.", nameof(start));
        if (!(options.Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.Tolerance, "Tolerance must be positive.");
        if (options.MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxIterations, "MaxIterations must be at least 1.");

        var point = start.ToArray();
        var residual = Residual(map, point);
        for (var iteration = 0; ; iteration++)
        {
            var size = MaxAbs(residual);
            if (!double.IsFinite(size)) throw Failure(map, start, point, size, "the map is not finite there");
            if (size <= options.Tolerance) return new FixedPoint(point, size, iteration);
            if (iteration == options.MaxIterations)
                throw Failure(map, start, point, size, $"{options.MaxIterations} Newton steps did not bring |R(K) − K| below {Format(options.Tolerance)}");

            var shifted = map.Jacobian(point);
            for (var i = 0; i < map.Dimension; i++) shifted[i, i] -= 1;
            var step = SolveLinear(shifted, residual.Select(r => -r).ToArray())
                ?? throw Failure(map, start, point, size, "J − I is singular there (an eigenvalue of the linearised map equals 1)");

            var accepted = false;
            for (var halving = 0; halving <= options.MaxHalvings && !accepted; halving++)
            {
                var scale = Math.Pow(0.5, halving);
                var trial = point.Select((k, i) => k + scale * step[i]).ToArray();
                var trialResidual = Residual(map, trial);
                if (MaxAbs(trialResidual) < size)
                {
                    (point, residual, accepted) = (trial, trialResidual, true);
                }
            }
            if (!accepted)
                throw Failure(map, start, point, size, $"no step along the Newton direction, down to 2^-{options.MaxHalvings} of it, lowers |R(K) − K|");
        }
    }

    private static double[] Residual(RgMap map, double[] point) => map.Apply((IReadOnlyList<double>)point).Select((k, i) => k - point[i]).ToArray();

    private static double MaxAbs(double[] values) => values.Any(double.IsNaN) ? double.NaN : values.Max(Math.Abs);

    private static FixedPointNotFoundException Failure(RgMap map, IReadOnlyList<double> start, double[] point, double residual, string reason) =>
        new($"Newton's method found no fixed point of {map.Name} starting from {Format(start)}: {reason}; it stopped at " +
            $"{Format(point)} with |R(K) − K| = {Format(residual)}. Start nearer a fixed point, or check that the map has one there.");

    private static string Format(IReadOnlyList<double> point) =>
        "(" + string.Join(", ", point.Select(Format)) + ")";

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    // Gaussian elimination with partial pivoting; null when a pivot vanishes relative to the matrix's scale.
    internal static double[]? SolveLinear(double[,] matrix, double[] rhs)
    {
        var n = rhs.Length;
        var a = (double[,])matrix.Clone();
        var b = (double[])rhs.Clone();
        var scale = 0.0;
        foreach (var entry in a) scale = Math.Max(scale, Math.Abs(entry));
        const double relativePivot = 1e-13;   // below this the solution is dominated by rounding
        for (var column = 0; column < n; column++)
        {
            var pivot = column;
            for (var row = column + 1; row < n; row++)
                if (Math.Abs(a[row, column]) > Math.Abs(a[pivot, column])) pivot = row;
            if (!(Math.Abs(a[pivot, column]) > relativePivot * scale)) return null;
            if (pivot != column)
            {
                for (var k = 0; k < n; k++) (a[column, k], a[pivot, k]) = (a[pivot, k], a[column, k]);
                (b[column], b[pivot]) = (b[pivot], b[column]);
            }
            for (var row = column + 1; row < n; row++)
            {
                var factor = a[row, column] / a[column, column];
                for (var k = column; k < n; k++) a[row, k] -= factor * a[column, k];
                b[row] -= factor * b[column];
            }
        }
        var x = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var k = row + 1; k < n; k++) sum -= a[row, k] * x[k];
            x[row] = sum / a[row, row];
        }
        return x;
    }
}
