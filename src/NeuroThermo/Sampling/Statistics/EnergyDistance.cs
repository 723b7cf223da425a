namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// Székely's energy distance between two distributions on ℝ^d, D² = 2E|X − Y| − E|X − X′| − E|Y − Y′| with
/// X, X′ ~ P and Y, Y′ ~ Q independent and |·| the Euclidean norm. D² ≥ 0, with equality only when P = Q.
/// </summary>
/// <remarks>
/// <see cref="Squared"/> estimates D² from two samples without bias: the cross term averages all n·m pairs, the
/// within-sample terms average the n(n − 1) and m(m − 1) pairs of distinct points (U-statistics). Unbiasedness
/// means the estimate of two samples of one distribution scatters around 0 and can be slightly negative.
/// The cost is O((n + m)² d).
/// </remarks>
public static class EnergyDistance
{
    /// <summary>The unbiased estimate of D² from the rows of <paramref name="first"/> (n·d values, row-major) and
    /// <paramref name="second"/> (m·d values), n, m ≥ 2.</summary>
    public static double Squared(ReadOnlySpan<double> first, ReadOnlySpan<double> second, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        int n = Rows(first, dimension, nameof(first)), m = Rows(second, dimension, nameof(second));
        double cross = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                cross += Distance(first, i, second, j, dimension);
        return 2 * cross / ((double)n * m) - MeanWithin(first, n, dimension) - MeanWithin(second, m, dimension);
    }

    // E|X − X′| over distinct pairs; each unordered pair counted once.
    private static double MeanWithin(ReadOnlySpan<double> rows, int count, int dimension)
    {
        double sum = 0;
        for (int i = 0; i < count; i++)
            for (int j = i + 1; j < count; j++)
                sum += Distance(rows, i, rows, j, dimension);
        return 2 * sum / ((double)count * (count - 1));
    }

    private static double Distance(ReadOnlySpan<double> a, int i, ReadOnlySpan<double> b, int j, int dimension)
    {
        var x = a.Slice(i * dimension, dimension);
        var y = b.Slice(j * dimension, dimension);
        double squared = 0;
        for (int k = 0; k < dimension; k++)
        {
            double difference = x[k] - y[k];
            squared += difference * difference;
        }
        return Math.Sqrt(squared);
    }

    private static int Rows(ReadOnlySpan<double> values, int dimension, string name)
    {
        if (values.Length % dimension != 0)
            throw new ArgumentException($"{values.Length} values do not make rows of {dimension}.", name);
        int rows = values.Length / dimension;
        if (rows < 2)
            throw new ArgumentException($"The energy distance needs at least two rows in each sample; {name} has {rows}.", name);
        return rows;
    }
}
