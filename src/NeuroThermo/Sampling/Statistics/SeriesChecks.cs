namespace NeuroThermo.Sampling.Statistics;

/// <summary>The input checks every estimator shares, so that bad input fails with one sentence naming the parameter.</summary>
internal static class SeriesChecks
{
    /// <summary>Throws unless <paramref name="series"/> has at least <paramref name="minimum"/> values, all finite.</summary>
    public static void Check(ReadOnlySpan<double> series, int minimum, string parameterName)
    {
        if (series.Length < minimum)
            throw new ArgumentException($"The series needs at least {minimum} samples; it has {series.Length}.", parameterName);
        for (var i = 0; i < series.Length; i++)
        {
            if (!double.IsFinite(series[i]))
                throw new ArgumentException($"The series holds {series[i]} at sample {i}; every sample must be a finite number.", parameterName);
        }
    }

    /// <summary>Throws unless every series has the same length as the first (and at least one series is given).</summary>
    public static int CheckSameLength(IReadOnlyList<double[]> series, int minimum, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(series, parameterName);
        if (series.Count == 0) throw new ArgumentException("At least one series is needed.", parameterName);
        for (var j = 0; j < series.Count; j++)
        {
            if (series[j] is null) throw new ArgumentNullException(parameterName, $"Series {j} is null.");
            if (series[j].Length != series[0].Length)
                throw new ArgumentException($"Series {j} has {series[j].Length} samples but series 0 has {series[0].Length}; the samples must be paired.", parameterName);
            Check(series[j], minimum, parameterName);
        }
        return series[0].Length;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    public static void CheckPositive(double value, string parameterName, string what)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(parameterName, value, $"{what} must be finite and > 0.");
    }
}
