namespace NeuroThermo.Sampling.Statistics;

/// <summary>Weighted linear least squares for the small fits of this folder (a handful of parameters).</summary>
internal static class LeastSquares
{
    /// <summary>
    /// Coefficients c_0 … c_d of the polynomial Σ c_j ((x − <paramref name="center"/>)/<paramref name="scale"/>)^j that
    /// minimises Σ w_i (y_i − p(x_i))², and their covariance (XᵀWX)⁻¹. Centring and scaling x keeps XᵀWX well
    /// conditioned (temperatures near 2.27 to the fourth power would not be).
    /// </summary>
    public static (double[] Coefficients, double[,] Covariance) Polynomial(
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, int degree, double center, double scale)
    {
        var p = degree + 1;
        var normal = new double[p, p];
        var rhs = new double[p];
        var powers = new double[p];
        for (var i = 0; i < x.Length; i++)
        {
            var u = (x[i] - center) / scale;
            powers[0] = 1;
            for (var j = 1; j < p; j++) powers[j] = powers[j - 1] * u;
            for (var j = 0; j < p; j++)
            {
                rhs[j] += weights[i] * powers[j] * y[i];
                for (var k = 0; k < p; k++) normal[j, k] += weights[i] * powers[j] * powers[k];
            }
        }
        var inverse = Invert(normal);
        var coefficients = new double[p];
        for (var j = 0; j < p; j++)
            for (var k = 0; k < p; k++) coefficients[j] += inverse[j, k] * rhs[k];
        return (coefficients, inverse);
    }

    /// <summary>The polynomial of <see cref="Polynomial"/> evaluated at <paramref name="x"/>.</summary>
    public static double Evaluate(double[] coefficients, double x, double center, double scale)
    {
        var u = (x - center) / scale;
        var value = 0.0;
        for (var j = coefficients.Length - 1; j >= 0; j--) value = value * u + coefficients[j];
        return value;
    }

    /// <summary>The inverse of a small symmetric positive-definite matrix by Gauss–Jordan with partial pivoting.</summary>
    private static double[,] Invert(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var inverse = new double[n, n];
        for (var i = 0; i < n; i++) inverse[i, i] = 1;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++)
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col])) pivot = row;
            if (a[pivot, col] == 0)
                throw new ArgumentException("The fit is singular: there are fewer distinct abscissae than parameters.");
            for (var k = 0; k < n; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                (inverse[col, k], inverse[pivot, k]) = (inverse[pivot, k], inverse[col, k]);
            }
            var diagonal = a[col, col];
            for (var k = 0; k < n; k++)
            {
                a[col, k] /= diagonal;
                inverse[col, k] /= diagonal;
            }
            for (var row = 0; row < n; row++)
            {
                if (row == col) continue;
                var factor = a[row, col];
                for (var k = 0; k < n; k++)
                {
                    a[row, k] -= factor * a[col, k];
                    inverse[row, k] -= factor * inverse[col, k];
                }
            }
        }
        return inverse;
    }
}
