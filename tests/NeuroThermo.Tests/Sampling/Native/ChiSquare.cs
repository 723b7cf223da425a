namespace NeuroThermo.Tests.Sampling.Native;

/// <summary>
/// χ² goodness of fit and Fisher's combination of p-values, local to these tests until the library has its own.
/// </summary>
internal static class ChiSquare
{
    // Bins whose expected count falls below this are pooled: the χ² approximation to the statistic's law needs
    // expected counts of about five or more (Cochran's rule).
    private const double MinimumExpected = 5;

    /// <summary>
    /// p-value of observed counts against exact probabilities (which sum to 1). Bins expected fewer than five times
    /// are pooled, together with the next-rarest bins until the pool itself expects five: a pool of a few rare
    /// bins expecting 0.01 would let one stray count dominate the statistic.
    /// </summary>
    public static double PValue(IReadOnlyList<long> observed, IReadOnlyList<double> probabilities)
    {
        long total = observed.Sum();
        var order = Enumerable.Range(0, observed.Count).OrderBy(i => probabilities[i]).ToArray();
        double statistic = 0, pooledExpected = 0;
        long pooledObserved = 0;
        int bins = 0, next = 0;
        while (next < order.Length && (total * probabilities[order[next]] < MinimumExpected || pooledExpected < MinimumExpected))
        {
            pooledExpected += total * probabilities[order[next]];
            pooledObserved += observed[order[next]];
            next++;
        }
        if (pooledExpected > 0)
        {
            statistic += Square(pooledObserved - pooledExpected) / pooledExpected;
            bins++;
        }
        for (; next < order.Length; next++)
        {
            double expected = total * probabilities[order[next]];
            statistic += Square(observed[order[next]] - expected) / expected;
            bins++;
        }
        return Survival(statistic, Math.Max(1, bins - 1));
    }

    /// <summary>Fisher's method: −2 Σ ln p_i is χ² with 2k degrees of freedom when the k p-values are uniform.</summary>
    public static double Fisher(IReadOnlyList<double> pValues) =>
        Survival(-2 * pValues.Sum(p => Math.Log(Math.Max(p, double.Epsilon))), 2 * pValues.Count);

    /// <summary>P(χ²_k ≥ x) = Q(k/2, x/2), the regularised upper incomplete gamma function.</summary>
    public static double Survival(double x, int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom));
        return x <= 0 ? 1 : UpperGamma(0.5 * degreesOfFreedom, 0.5 * x);
    }

    // Q(a, x): the power series of P for x < a + 1, where it converges fast, else Legendre's continued fraction for Q
    // evaluated by the modified Lentz method.
    private static double UpperGamma(double a, double x)
    {
        double logPrefactor = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (int n = 1; n < 1000 && Math.Abs(term) > 1e-16 * Math.Abs(sum); n++)
            {
                term *= x / (a + n);
                sum += term;
            }
            return 1 - sum * Math.Exp(logPrefactor);
        }
        const double Tiny = 1e-300;
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (int i = 1; i < 1000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(logPrefactor) * h;
    }

    // ln Γ(a) for a = k/2 (all this class needs): Γ(n) = (n − 1)! and Γ(n + ½) = √π · ½ · 3/2 ⋯ (n − ½), summed as logs.
    private static double LogGamma(double a)
    {
        double sum = 0, start = a % 1 == 0 ? 1 : 0.5;
        if (start == 0.5) sum = 0.5 * Math.Log(Math.PI);
        for (double v = start; v < a - 0.25; v += 1) sum += Math.Log(v);
        return sum;
    }

    private static double Square(double x) => x * x;
}
