using System.Globalization;

namespace NeuroThermo.Sampling;

/// <summary>
/// The inverse temperatures simulated annealing passes through, one per stage, usually rising from a hot start
/// (β small, the chain explores) to a cold end (β large, it settles into a deep minimum).
/// </summary>
public sealed record AnnealingSchedule
{
    private AnnealingSchedule(string shape, double[] inverseTemperatures)
    {
        Shape = shape;
        InverseTemperatures = inverseTemperatures;
    }

    /// <summary>"linear", "geometric" or "custom".</summary>
    public string Shape { get; }

    /// <summary>β of every stage, in order.</summary>
    public IReadOnlyList<double> InverseTemperatures { get; }

    /// <summary>Number of stages.</summary>
    public int Count => InverseTemperatures.Count;

    /// <summary><paramref name="stages"/> values of β evenly spaced from <paramref name="start"/> to <paramref name="end"/> (both included).</summary>
    public static AnnealingSchedule Linear(double start, double end, int stages)
    {
        CheckEnds(start, end, stages, allowZero: true);
        return new("linear", Enumerable.Range(0, stages).Select(k => stages == 1 ? end : start + (end - start) * k / (stages - 1)).ToArray());
    }

    /// <summary>
    /// <paramref name="stages"/> values of β in geometric progression from <paramref name="start"/> to
    /// <paramref name="end"/>: equal ratios, so that the temperature falls by the same factor each stage (both ends &gt; 0).
    /// </summary>
    public static AnnealingSchedule Geometric(double start, double end, int stages)
    {
        CheckEnds(start, end, stages, allowZero: false);
        var ratio = end / start;
        return new("geometric", Enumerable.Range(0, stages).Select(k => stages == 1 || k == stages - 1 ? end : start * Math.Pow(ratio, (double)k / (stages - 1))).ToArray());
    }

    /// <summary>The user's own list of β (each finite and ≥ 0, any order).</summary>
    public static AnnealingSchedule Custom(IReadOnlyList<double> inverseTemperatures)
    {
        ArgumentNullException.ThrowIfNull(inverseTemperatures);
        if (inverseTemperatures.Count == 0)
            throw new ArgumentException("An annealing schedule needs at least one inverse temperature.", nameof(inverseTemperatures));
        for (var k = 0; k < inverseTemperatures.Count; k++)
        {
            var beta = inverseTemperatures[k];
            if (!(beta >= 0) || double.IsInfinity(beta))
                throw new ArgumentOutOfRangeException(nameof(inverseTemperatures), beta,
                    string.Create(CultureInfo.InvariantCulture, $"Inverse temperature {k} of the schedule is {beta}; each must be finite and ≥ 0."));
        }
        return new("custom", inverseTemperatures.ToArray());
    }

    private static void CheckEnds(double start, double end, int stages, bool allowZero)
    {
        if (stages < 1) throw new ArgumentOutOfRangeException(nameof(stages), stages, "An annealing schedule needs at least one stage.");
        foreach (var (value, name) in new[] { (start, nameof(start)), (end, nameof(end)) })
        {
            var ok = double.IsFinite(value) && (allowZero ? value >= 0 : value > 0);
            if (!ok)
                throw new ArgumentOutOfRangeException(name, value, allowZero
                    ? "Each end of the schedule must be a finite β ≥ 0."
                    : "Each end of a geometric schedule must be a finite β > 0.");
        }
    }
}
