namespace NeuroThermo.Physics.MeanField;

/// <summary>ln n! to full double precision for any n ≥ 0: a table of exact products below 32, Stirling's series above.</summary>
internal static class LogFactorial
{
    private const int TableSize = 32;
    private static readonly double[] Table = BuildTable();

    public static double Of(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n < TableSize) return Table[n];
        // ln n! = n ln n − n + ½ ln(2πn) + 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + …; at n ≥ 32 the first
        // omitted term is below 1e-16 relative.
        double x = n, inverse = 1 / x, inverse2 = inverse * inverse;
        var series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 / 1680)));
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + series;
    }

    /// <summary>ln C(n, k).</summary>
    public static double Binomial(long n, long k) => Of(n) - Of(k) - Of(n - k);

    private static double[] BuildTable()
    {
        var table = new double[TableSize];
        double product = 1;
        for (var n = 1; n < TableSize; n++)
        {
            product *= n;   // exact up to 22!, then correctly rounded to within a few ulps
            table[n] = Math.Log(product);
        }
        return table;
    }
}
