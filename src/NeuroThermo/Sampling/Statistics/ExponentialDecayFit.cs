using NeuroThermo.Physics.Lattices;

namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// The correlation length defined by the exponential decay of the connected correlation function,
/// G(r) ~ e^{−r/ξ} (lecture notes eq. 3.55), from a weighted least-squares fit of G(r) over r ∈ [MinDistance, MaxDistance].
/// </summary>
/// <remarks>
/// <para>Open boundaries fit G(r) = A e^{−r/ξ}; periodic ones add the image that goes the other way round,
/// G(r) = A (e^{−r/ξ} + e^{−(L−r)/ξ}), which is exact for the Ising ring and removes the bend of G near r = L/2.
/// Weights are 1/σ²(r) from the jackknife of G; A is solved for linearly at each ξ and ξ is found by a scan in ln ξ
/// refined by golden-section search. The error of ξ is the jackknife over the same bins (the fit is repeated with
/// each bin left out), so the correlations between the G(r) at different r are accounted for.</para>
/// <para>On a square lattice the point-to-point G(r) along an axis decays as r^{−1/2} e^{−r/ξ} (Ornstein–Zernike), so the
/// fitted ξ approaches the true one from below only as the fit window moves out; there the second-moment length,
/// which needs no fit, is the robust finite-size-scaling variable.</para>
/// </remarks>
/// <param name="CorrelationLength">ξ with its jackknife error.</param>
/// <param name="Amplitude">A of the full-sample fit.</param>
/// <param name="MinDistance">Smallest r fitted.</param>
/// <param name="MaxDistance">Largest r fitted.</param>
/// <param name="ChiSquarePerDegreeOfFreedom">χ²/(points − 2) of the full-sample fit (≈ 1 for a good fit; the G(r) are correlated, so read it loosely).</param>
public sealed record ExponentialDecayFit(
    Estimate CorrelationLength, double Amplitude, int MinDistance, int MaxDistance, double ChiSquarePerDegreeOfFreedom)
{
    /// <summary>Points whose G(r) is below this many errors end the default fit window: beyond it G is noise.</summary>
    public const double SignalToNoiseCutoff = 2;

    private const int ScanPoints = 400;
    private const int GoldenSteps = 80;

    internal static ExponentialDecayFit Fit(LatticeCorrelations correlations, int minDistance, int? maxDistance)
    {
        var (problem, end) = Prepare(correlations, minDistance, maxDistance);
        var values = Enumerable.Range(minDistance, end - minDistance + 1).Select(r => correlations.TwoPoint[r].Mean).ToArray();
        var (xi, amplitude, chiSquare) = problem.Solve(values);
        var jackknife = Jackknife.FromBinMeans(correlations.BinMeans, problem.XiFromMeans);
        var estimate = jackknife with { Mean = xi };
        var dof = Math.Max(1, values.Length - 2);
        return new ExponentialDecayFit(estimate, amplitude, minDistance, end, chiSquare / dof);
    }

    /// <summary>
    /// ξ of the fit over [<paramref name="minDistance"/>, <paramref name="maxDistance"/>] as a function of a vector of
    /// (possibly leave-one-out) means of <paramref name="correlations"/>, weights fixed by the full sample, for
    /// jackknifes that combine several measurements of the same samples.
    /// </summary>
    internal static Func<double[], double> XiFromMeans(LatticeCorrelations correlations, int minDistance, int maxDistance) =>
        Prepare(correlations, minDistance, maxDistance).Problem.XiFromMeans;

    private static (Problem Problem, int End) Prepare(LatticeCorrelations correlations, int minDistance, int? maxDistance)
    {
        var g = correlations.TwoPoint;
        var last = correlations.MaxDistance;
        if (minDistance < 0 || minDistance > last - 1)
            throw new ArgumentOutOfRangeException(nameof(minDistance), minDistance, $"The fit must start in [0, {last - 1}] to leave two distances.");
        var end = maxDistance ?? DefaultEnd(g, minDistance, last);
        if (end < minDistance + 1 || end > last)
            throw new ArgumentOutOfRangeException(nameof(maxDistance), end,
                maxDistance is null
                    ? $"G(r) is below {SignalToNoiseCutoff} errors already at r = {minDistance + 1}; there is no decay to fit (more samples or a smaller minDistance)."
                    : $"The fit must end in [{minDistance + 1}, {last}].");
        var weights = Enumerable.Range(minDistance, end - minDistance + 1)
            .Select(r => g[r].StandardError > 0 ? 1 / (g[r].StandardError * g[r].StandardError) : 1.0)
            .ToArray();
        return (new Problem(minDistance, weights, correlations.Boundary == Boundary.Periodic ? correlations.Length : 0), end);
    }

    private static int DefaultEnd(IReadOnlyList<Estimate> g, int minDistance, int last)
    {
        var end = minDistance;
        while (end + 1 <= last && g[end + 1].Mean >= SignalToNoiseCutoff * g[end + 1].StandardError) end++;
        return end;
    }

    /// <summary>The weighted profile least-squares problem in ξ, with A eliminated.</summary>
    private sealed class Problem(int first, double[] weights, int ringLength)
    {
        public double XiFromMeans(double[] means) =>
            Solve(Enumerable.Range(first, weights.Length).Select(r => LatticeCorrelations.TwoPointFromMeans(means, r)).ToArray()).Xi;

        public (double Xi, double Amplitude, double ChiSquare) Solve(double[] g)
        {
            // The scan covers ξ from 10⁻² to 10³·(fit range + 1) lattice spacings, far beyond any ξ the data can show.
            var lo = Math.Log(1e-2);
            var hi = Math.Log(1e3 * (first + weights.Length));
            var best = lo;
            var bestValue = double.PositiveInfinity;
            for (var i = 0; i <= ScanPoints; i++)
            {
                var u = lo + (hi - lo) * i / ScanPoints;
                var value = ChiSquare(g, Math.Exp(u), out _);
                if (value < bestValue) (best, bestValue) = (u, value);
            }
            var step = (hi - lo) / ScanPoints;
            var (a, b) = (Math.Max(lo, best - step), Math.Min(hi, best + step));
            var ratio = (Math.Sqrt(5) - 1) / 2;
            for (var i = 0; i < GoldenSteps; i++)
            {
                var c = b - ratio * (b - a);
                var d = a + ratio * (b - a);
                if (ChiSquare(g, Math.Exp(c), out _) < ChiSquare(g, Math.Exp(d), out _)) b = d;
                else a = c;
            }
            var xi = Math.Exp((a + b) / 2);
            var chiSquare = ChiSquare(g, xi, out var amplitude);
            return (xi, amplitude, chiSquare);
        }

        private double ChiSquare(double[] g, double xi, out double amplitude)
        {
            double wff = 0, wgf = 0;
            var f = new double[g.Length];
            for (var i = 0; i < g.Length; i++)
            {
                var r = first + i;
                f[i] = Math.Exp(-r / xi) + (ringLength > 0 ? Math.Exp(-(ringLength - r) / xi) : 0);
                wff += weights[i] * f[i] * f[i];
                wgf += weights[i] * g[i] * f[i];
            }
            amplitude = wff > 0 ? wgf / wff : 0;
            var sum = 0.0;
            for (var i = 0; i < g.Length; i++) sum += weights[i] * (g[i] - amplitude * f[i]) * (g[i] - amplitude * f[i]);
            return sum;
        }
    }
}
