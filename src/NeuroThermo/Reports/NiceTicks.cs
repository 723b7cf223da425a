using System.Globalization;

namespace NeuroThermo.Reports;

/// <summary>A labelled tick: the label is <see cref="Text"/>, or <see cref="Text"/> with <see cref="Exponent"/> as a superscript.</summary>
internal readonly record struct Tick(double Value, string Text, string? Exponent = null);

/// <summary>
/// The extent of one plot axis, which always begins and ends on a labelled tick, together with
/// its labelled (major) and unlabelled (minor) tick values.
/// </summary>
internal sealed record AxisTicks(AxisScale Scale, double Min, double Max, IReadOnlyList<Tick> Major, IReadOnlyList<double> Minor)
{
    /// <summary>Position of <paramref name="value"/> along the axis: 0 at <see cref="Min"/>, 1 at <see cref="Max"/>.</summary>
    public double Fraction(double value) => Scale == AxisScale.Log10
        ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
        : (value - Min) / (Max - Min);
}

/// <summary>
/// Chooses axis extents and tick values a reader can interpolate between: steps of 1, 2 or 5 × 10^k
/// on linear axes, whole decades on log axes.
/// </summary>
internal static class NiceTicks
{
    // Multiples of a power of ten that make readable steps; 10 closes the list so a search always succeeds.
    private static readonly double[] StepMantissas = [1, 2, 5, 10];

    // Data lying within this fraction of a step (or decade) of a tick is treated as on the tick,
    // so round-off such as 0.30000000000000004 does not add a whole extra step to the axis.
    private const double SnapTolerance = 1e-9;

    // Log axes with at most this many decades also get unlabelled ticks at 2…9 × 10^k.
    private const int MaxDecadesWithMinorTicks = 6;

    private const char MinusSign = '\u2212';

    /// <summary>Smallest 1, 2 or 5 × 10^k that is at least <paramref name="rawStep"/>.</summary>
    public static double NiceStep(double rawStep)
    {
        if (!double.IsFinite(rawStep) || rawStep <= 0)
            throw new ArgumentOutOfRangeException(nameof(rawStep), rawStep, "A tick step must be positive and finite.");
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rawStep)));
        double mantissa = rawStep / magnitude;
        double chosen = StepMantissas.First(m => m >= mantissa * (1 - SnapTolerance));
        return chosen * magnitude;
    }

    /// <summary>
    /// Linear axis covering [<paramref name="dataMin"/>, <paramref name="dataMax"/>], widened outwards
    /// to multiples of a 1-2-5 step chosen so there are about <paramref name="targetCount"/> ticks.
    /// </summary>
    public static AxisTicks Linear(double dataMin, double dataMax, int targetCount)
    {
        CheckRange(dataMin, dataMax);
        if (dataMin == dataMax)
        {
            // A single value has no scale of its own; show it in the middle of a span of ±10 % (or ±1 at zero).
            double half = dataMin == 0 ? 1 : Math.Abs(dataMin) * 0.1;
            (dataMin, dataMax) = (dataMin - half, dataMax + half);
        }

        double step = NiceStep((dataMax - dataMin) / (targetCount - 1));
        long first = (long)Math.Floor(dataMin / step + SnapTolerance);
        long last = (long)Math.Ceiling(dataMax / step - SnapTolerance);
        var major = new List<Tick>();
        for (long k = first; k <= last; k++)
        {
            // k * step rather than a running sum, so round-off does not accumulate along the axis.
            double value = k == 0 ? 0 : k * step;
            major.Add(new Tick(value, FormatNumber(value)));
        }
        return new AxisTicks(AxisScale.Linear, major[0].Value, major[^1].Value, major, []);
    }

    /// <summary>
    /// Log axis from the decade at or below <paramref name="dataMin"/> to the decade at or above
    /// <paramref name="dataMax"/>, labelling every decade, or every n-th when more than
    /// <paramref name="maxLabels"/> would be needed.
    /// </summary>
    public static AxisTicks Log10(double dataMin, double dataMax, int maxLabels)
    {
        CheckRange(dataMin, dataMax);
        if (dataMin <= 0)
            throw new ArgumentOutOfRangeException(nameof(dataMin), dataMin, "A logarithmic axis needs positive values.");

        int lowDecade = (int)Math.Floor(Math.Log10(dataMin) + SnapTolerance);
        int highDecade = (int)Math.Ceiling(Math.Log10(dataMax) - SnapTolerance);
        if (highDecade == lowDecade)
        {
            // Only possible when all data equal one power of ten: centre it in two decades.
            lowDecade--;
            highDecade++;
        }

        int stride = (int)Math.Ceiling((highDecade - lowDecade) / (double)(maxLabels - 1));
        lowDecade = (int)Math.Floor(lowDecade / (double)stride) * stride;
        highDecade = (int)Math.Ceiling(highDecade / (double)stride) * stride;

        var major = new List<Tick>();
        var minor = new List<double>();
        for (int decade = lowDecade; decade <= highDecade; decade++)
        {
            double power = Math.Pow(10, decade);
            if ((decade - lowDecade) % stride == 0)
                major.Add(new Tick(power, "10", FormatInteger(decade)));
            else
                minor.Add(power);
            if (stride == 1 && highDecade - lowDecade <= MaxDecadesWithMinorTicks && decade < highDecade)
                for (int m = 2; m <= 9; m++)
                    minor.Add(m * power);
        }
        return new AxisTicks(AxisScale.Log10, major[0].Value, major[^1].Value, major, minor);
    }

    /// <summary>Shortest decimal form of a tick value, with a typographic minus sign.</summary>
    internal static string FormatNumber(double value)
    {
        // Twelve significant digits hide the binary round-off of k * step but keep every real digit
        // of a 1-2-5 step, which never needs more than a few.
        string text = value.ToString("G12", CultureInfo.InvariantCulture);
        return text.Replace('-', MinusSign);
    }

    private static string FormatInteger(int value) =>
        value.ToString(CultureInfo.InvariantCulture).Replace('-', MinusSign);

    private static void CheckRange(double dataMin, double dataMax)
    {
        if (!double.IsFinite(dataMin))
            throw new ArgumentOutOfRangeException(nameof(dataMin), dataMin, "Axis range must be finite.");
        if (!double.IsFinite(dataMax) || dataMax < dataMin)
            throw new ArgumentOutOfRangeException(nameof(dataMax), dataMax, $"Axis range maximum must be finite and at least the minimum {dataMin}.");
    }
}
