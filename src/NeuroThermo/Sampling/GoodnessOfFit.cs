namespace NeuroThermo.Sampling;

/// <summary>The outcome of a χ² goodness-of-fit test.</summary>
/// <param name="Statistic">X² = Σ_bins (O − E)²/E over the pooled bins.</param>
/// <param name="DegreesOfFreedom">Pooled bins − 1.</param>
/// <param name="PValue">P(χ²_dof ≥ X²): small when the sample does not fit the distribution.</param>
/// <param name="Bins">How many bins remained after pooling.</param>
/// <param name="SampleSize">Total observed count.</param>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue, int Bins, long SampleSize);

/// <summary>
/// Goodness-of-fit statistics for checking samplers against exact distributions: Pearson's χ² test of a histogram
/// against known probabilities, the χ² survival function it needs (through the regularised incomplete gamma function),
/// and Fisher's method to combine the p-values of independent tests.
/// </summary>
public static class GoodnessOfFit
{
    /// <summary>
    /// Smallest expected count a bin may have before it is pooled: the usual rule of thumb under which the χ²
    /// approximation to Pearson's statistic holds.
    /// </summary>
    public const double DefaultMinimumExpected = 5;

    // Relative accuracy the incomplete-gamma series and continued fraction iterate to: close to double precision.
    private const double GammaEpsilon = 1e-15;
    private const int GammaMaxIterations = 10_000;

    /// <summary>
    /// Pearson's χ² test of <paramref name="counts"/> (how often each outcome was observed) against
    /// <paramref name="probabilities"/> (the exact probability of each outcome; they are renormalised to sum to 1).
    /// </summary>
    /// <remarks>
    /// Bins expected to hold fewer than <paramref name="minimumExpected"/> counts are pooled into one bin; if that bin
    /// is still below the threshold it is merged with the smallest remaining bin. An observed outcome of probability
    /// zero makes the statistic infinite and the p-value 0. With a single bin left there is nothing to test:
    /// the statistic is 0, the degrees of freedom 0, and the p-value 1.
    /// </remarks>
    public static ChiSquareResult ChiSquareTest(IReadOnlyList<long> counts, IReadOnlyList<double> probabilities,
        double minimumExpected = DefaultMinimumExpected)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (counts.Count != probabilities.Count)
            throw new ArgumentException($"There are {counts.Count} counts but {probabilities.Count} probabilities; they must match bin for bin.", nameof(counts));
        if (counts.Count == 0) throw new ArgumentException("A χ² test needs at least one bin.", nameof(counts));
        if (!(minimumExpected > 0) || double.IsInfinity(minimumExpected))
            throw new ArgumentOutOfRangeException(nameof(minimumExpected), minimumExpected, "The pooling threshold must be positive and finite.");
        if (counts.Any(c => c < 0)) throw new ArgumentException("Counts must be non-negative.", nameof(counts));
        if (probabilities.Any(p => !(p >= 0) || double.IsInfinity(p)))
            throw new ArgumentException("Probabilities must be finite and non-negative.", nameof(probabilities));
        var total = probabilities.Sum();
        if (!(total > 0)) throw new ArgumentException("The probabilities sum to zero.", nameof(probabilities));
        var n = counts.Sum();
        if (n == 0) throw new ArgumentException("A χ² test needs at least one observation.", nameof(counts));

        // An outcome of probability zero that was observed refutes the distribution outright, whatever pooling would hide.
        for (var k = 0; k < counts.Count; k++)
        {
            if (probabilities[k] == 0 && counts[k] > 0) return new ChiSquareResult(double.PositiveInfinity, counts.Count - 1, 0, counts.Count, n);
        }

        // Kept bins (expected ≥ threshold) and one pool of the rest.
        var bins = new List<(double Expected, long Observed)>();
        var (poolExpected, poolObserved) = (0.0, 0L);
        for (var k = 0; k < counts.Count; k++)
        {
            var expected = n * probabilities[k] / total;
            if (expected >= minimumExpected) bins.Add((expected, counts[k]));
            else (poolExpected, poolObserved) = (poolExpected + expected, poolObserved + counts[k]);
        }
        if (poolExpected > 0 || poolObserved > 0)
        {
            if (poolExpected < minimumExpected && bins.Count > 0)
            {
                var smallest = Enumerable.Range(0, bins.Count).MinBy(i => bins[i].Expected);
                (poolExpected, poolObserved) = (poolExpected + bins[smallest].Expected, poolObserved + bins[smallest].Observed);
                bins.RemoveAt(smallest);
            }
            bins.Add((poolExpected, poolObserved));
        }
        if (bins.Count == 1) return new ChiSquareResult(0, 0, 1, 1, n);
        var statistic = 0.0;
        foreach (var (expected, observed) in bins)
        {
            if (expected == 0) continue;   // unobserved (checked above), so it adds nothing
            var d = observed - expected;
            statistic += d * d / expected;
        }
        var dof = bins.Count - 1;
        return new ChiSquareResult(statistic, dof, ChiSquareSurvival(statistic, dof), bins.Count, n);
    }

    /// <summary>P(χ²_k ≥ x) = Q(k/2, x/2), the upper tail of the χ² distribution with k degrees of freedom.</summary>
    public static double ChiSquareSurvival(double x, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0) || double.IsInfinity(degreesOfFreedom))
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be positive and finite.");
        if (double.IsNaN(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "The statistic is NaN.");
        if (x <= 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        return RegularizedGammaQ(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>
    /// Fisher's method: for k independent p-values, X = −2 Σ ln p_i follows χ²_{2k} when every null hypothesis holds,
    /// so P(χ²_{2k} ≥ X) is one p-value for all the tests together.
    /// </summary>
    public static double FisherCombined(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        if (pValues.Count == 0) throw new ArgumentException("Fisher's method needs at least one p-value.", nameof(pValues));
        var statistic = 0.0;
        foreach (var p in pValues)
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(pValues), p, "Every p-value must lie in [0, 1].");
            if (p == 0) return 0;
            statistic -= 2 * Math.Log(p);
        }
        return ChiSquareSurvival(statistic, 2 * pValues.Count);
    }

    /// <summary>The lower regularised incomplete gamma function P(a, x) = γ(a, x)/Γ(a), a &gt; 0, x ≥ 0.</summary>
    public static double RegularizedGammaP(double a, double x)
    {
        CheckGammaArguments(a, x);
        if (x == 0) return 0;
        return x < a + 1 ? LowerSeries(a, x) : 1 - UpperContinuedFraction(a, x);
    }

    /// <summary>The upper regularised incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) = 1 − P(a, x).</summary>
    /// <remarks>
    /// Below x = a + 1 the power series of P converges fast; above it the continued fraction of Q does (evaluated by
    /// the modified Lentz method). Each side is computed directly rather than as 1 − the other, so small tails keep
    /// their relative accuracy.
    /// </remarks>
    public static double RegularizedGammaQ(double a, double x)
    {
        CheckGammaArguments(a, x);
        if (x == 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        return x < a + 1 ? 1 - LowerSeries(a, x) : UpperContinuedFraction(a, x);
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7, nine terms; relative error near 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0) || double.IsInfinity(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "ln Γ is computed for finite x > 0.");
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);   // reflection formula
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        var z = x - 1;
        var sum = c[0];
        for (var i = 1; i < c.Length; i++) sum += c[i] / (z + i);
        var t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    // P(a, x) = e^{−x} x^a / Γ(a + 1) Σ_n x^n / ((a + 1)…(a + n)).
    private static double LowerSeries(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < GammaMaxIterations; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * GammaEpsilon) break;
        }
        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    // Q(a, x) = e^{−x} x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))), by modified Lentz.
    private static double UpperContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < GammaMaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < GammaEpsilon) break;
        }
        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    private static void CheckGammaArguments(double a, double x)
    {
        if (!(a > 0) || double.IsInfinity(a)) throw new ArgumentOutOfRangeException(nameof(a), a, "The shape a must be positive and finite.");
        if (!(x >= 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be ≥ 0.");
    }
}
