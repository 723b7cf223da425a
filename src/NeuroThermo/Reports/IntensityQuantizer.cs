using System.Numerics;

namespace NeuroThermo.Reports;

/// <summary>
/// Maps floating-point intensities linearly onto bytes: <c>min → 0</c>, <c>max → 255</c>, rounding
/// to the nearest level (halves away from zero). Values outside [min, max] and NaN are errors,
/// not clamped, so a wrongly scaled input shows up instead of saturating quietly.
/// </summary>
internal static class IntensityQuantizer
{
    private const double MaxLevel = 255.0;

    public static byte[] FromRange<T>(ReadOnlySpan<T> values, double min, double max, string paramName)
        where T : IFloatingPointIeee754<T>
    {
        if (!double.IsFinite(min))
            throw new ArgumentOutOfRangeException(nameof(min), min, "Intensity range minimum must be finite.");
        if (!double.IsFinite(max) || max <= min)
            throw new ArgumentOutOfRangeException(nameof(max), max, $"Intensity range maximum must be finite and greater than the minimum {min}.");

        double scale = MaxLevel / (max - min);
        var levels = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            if (!(v >= min && v <= max))
                throw new ArgumentOutOfRangeException(paramName, v, $"{paramName}[{i}] = {v} lies outside the intensity range [{min}, {max}].");
            levels[i] = (byte)Math.Round((v - min) * scale, MidpointRounding.AwayFromZero);
        }
        return levels;
    }

    /// <summary>
    /// Stretches the data's own minimum to 0 and maximum to 255. A constant input has no
    /// contrast to stretch and maps to all zeros.
    /// </summary>
    public static byte[] Normalized<T>(ReadOnlySpan<T> values, string paramName)
        where T : IFloatingPointIeee754<T>
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            if (!double.IsFinite(v))
                throw new ArgumentOutOfRangeException(paramName, v, $"{paramName}[{i}] = {v} is not finite, so it cannot be normalised.");
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return max > min ? FromRange(values, min, max, paramName) : new byte[values.Length];
    }
}
