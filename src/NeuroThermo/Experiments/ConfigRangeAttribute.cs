using System.Globalization;

namespace NeuroThermo.Experiments;

/// <summary>
/// Allowed values of a numeric config property (int, long, double, their nullable forms, or each item of an
/// array of them). Bounds are inclusive unless marked exclusive. The loader rejects a value outside the range
/// with an error naming the JSON path and this range; it never clamps.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ConfigRangeAttribute(double minimum, double maximum) : Attribute
{
    /// <summary>Smallest allowed value (excluded itself when <see cref="MinimumExclusive"/>).</summary>
    public double Minimum { get; } = minimum;

    /// <summary>Largest allowed value (excluded itself when <see cref="MaximumExclusive"/>).</summary>
    public double Maximum { get; } = maximum;

    /// <summary>True when <see cref="Minimum"/> itself is not allowed, as for a learning rate that must be positive.</summary>
    public bool MinimumExclusive { get; set; }

    /// <summary>True when <see cref="Maximum"/> itself is not allowed.</summary>
    public bool MaximumExclusive { get; set; }

    /// <summary>Whether <paramref name="value"/> lies inside the range.</summary>
    public bool Contains(double value) =>
        (MinimumExclusive ? value > Minimum : value >= Minimum)
        && (MaximumExclusive ? value < Maximum : value <= Maximum);

    /// <summary>The range in words, as "from 1 to 4096" or "greater than 0 and at most 10".</summary>
    public string Describe()
    {
        string min = Minimum.ToString(CultureInfo.InvariantCulture);
        string max = Maximum.ToString(CultureInfo.InvariantCulture);
        if (!MinimumExclusive && !MaximumExclusive)
            return $"from {min} to {max}";
        string lower = MinimumExclusive ? $"greater than {min}" : $"at least {min}";
        string upper = MaximumExclusive ? $"less than {max}" : $"at most {max}";
        return $"{lower} and {upper}";
    }
}
