namespace NeuroThermo.Sampling.Statistics;

/// <summary>A Binder-cumulant curve U₄(T) of one system size, with one-standard-deviation errors.</summary>
/// <param name="Size">L.</param>
/// <param name="Temperatures">Strictly increasing temperatures.</param>
/// <param name="Values">U₄ at each temperature.</param>
/// <param name="Errors">Its error at each temperature (&gt; 0).</param>
public sealed record BinderCurve(int Size, double[] Temperatures, double[] Values, double[] Errors);

/// <summary>How <see cref="BinderCrossing.Locate"/> fits and resamples.</summary>
public sealed record BinderCrossingConfig
{
    /// <summary>Degree of the local polynomial fitted to each curve: 2 follows the curvature of U₄ near T_c without chasing noise.</summary>
    public int Degree { get; init; } = 2;

    /// <summary>Points of each curve nearest the crossing that enter its fit: 6 leaves 3 degrees of freedom to average noise at degree 2.</summary>
    public int PointsPerFit { get; init; } = 6;

    /// <summary>Resamples of the curves within their errors: 400 pin the error of the crossing to ~4 % (1/√(2·400)).</summary>
    public int Resamples { get; init; } = 400;

    /// <summary>Seed of the resampling, so that the same curves give the same errors.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Largest fraction of resamples allowed to show no crossing before the pair is declared undetermined.</summary>
    public double MaxFailedFraction { get; init; } = 0.1;
}

/// <summary>The crossing of the U₄ curves of two consecutive sizes.</summary>
/// <param name="SmallerSize">L₁.</param>
/// <param name="LargerSize">L₂ &gt; L₁.</param>
/// <param name="Temperature">T where U₄(L₁) = U₄(L₂): the unperturbed crossing, error from the resamples.</param>
/// <param name="Cumulant">U₄ at the crossing (the universal value U* as L → ∞).</param>
public sealed record BinderPairCrossing(int SmallerSize, int LargerSize, Estimate Temperature, Estimate Cumulant);

/// <summary>The crossings of consecutive sizes and their combination.</summary>
/// <param name="Pairs">One crossing per pair of consecutive sizes, smallest first.</param>
/// <param name="Combined">The inverse-variance weighted mean of the pair crossings; its error is the spread of that mean over the resamples, so it accounts for curves shared by two pairs.</param>
/// <param name="PairChiSquarePerDegreeOfFreedom">Scatter of the pair crossings about <paramref name="Combined"/>, χ²/(pairs − 1); ≫ 1 signals a drift with L (corrections to scaling) that the error does not contain.</param>
public sealed record BinderCrossingResult(IReadOnlyList<BinderPairCrossing> Pairs, Estimate Combined, double PairChiSquarePerDegreeOfFreedom);

/// <summary>
/// T_c from the crossing of Binder cumulants U₄(T, L): at T_c, U₄ is scale invariant, so the curves of different L cross
/// there up to corrections to scaling that shrink with L.
/// </summary>
/// <remarks>
/// For each pair of consecutive sizes: a sign change of U₄(L₁) − U₄(L₂) on the linearly interpolated curves gives a
/// first estimate T₀ (the steepest one; noise can add spurious ones where the curves run close); each curve is then
/// fitted near T₀ by a weighted polynomial (<see cref="BinderCrossingConfig"/>) and the crossing is the root of their
/// difference nearest T₀, the next sign change being tried when there is none. The error comes from resampling every point within its
/// error bar (independent Gaussians, seeded) and repeating the whole procedure; each resample perturbs every curve
/// once, so crossings that share a curve share its noise.
/// </remarks>
public static class BinderCrossing
{
    private const int RootScanSteps = 64;

    /// <summary>Locates the crossings of consecutive sizes among <paramref name="curves"/> (any order; sorted by L).</summary>
    public static BinderCrossingResult Locate(IReadOnlyList<BinderCurve> curves, BinderCrossingConfig? config = null)
    {
        config ??= new BinderCrossingConfig();
        CheckConfig(config);
        var sorted = CheckCurves(curves, config);
        var pairCount = sorted.Length - 1;

        var values = sorted.Select(c => c.Values).ToArray();
        var crossings = new (double T, double U)[pairCount];
        for (var p = 0; p < pairCount; p++)
        {
            crossings[p] = Crossing(sorted[p], values[p], sorted[p + 1], values[p + 1], hint: null, config)
                ?? throw new ArgumentException(
                    $"The U₄ curves of L = {sorted[p].Size} and L = {sorted[p + 1].Size} do not cross within their common temperatures.", nameof(curves));
        }

        var random = new Random(config.Seed);
        var resampled = new double[config.Resamples, pairCount];
        var resampledU = new double[config.Resamples, pairCount];
        for (var s = 0; s < config.Resamples; s++)
        {
            var noisy = sorted.Select(c => c.Values.Select((v, i) => v + c.Errors[i] * Gaussian(random)).ToArray()).ToArray();
            for (var p = 0; p < pairCount; p++)
            {
                var crossing = Crossing(sorted[p], noisy[p], sorted[p + 1], noisy[p + 1], crossings[p].T, config);
                resampled[s, p] = crossing?.T ?? double.NaN;
                resampledU[s, p] = crossing?.U ?? double.NaN;
            }
        }

        var pairs = new BinderPairCrossing[pairCount];
        var errors = new double[pairCount];
        for (var p = 0; p < pairCount; p++)
        {
            var ts = Column(resampled, p);
            var failed = ts.Count(double.IsNaN);
            if (failed > config.MaxFailedFraction * config.Resamples)
                throw new InvalidOperationException(
                    $"The U₄ curves of L = {sorted[p].Size} and L = {sorted[p + 1].Size} cross in only {config.Resamples - failed} of {config.Resamples} resamples: "
                    + "within their errors they need not cross, so the crossing is undetermined (more samples or a finer temperature grid).");
            errors[p] = StandardDeviation(ts.Where(double.IsFinite));
            pairs[p] = new BinderPairCrossing(sorted[p].Size, sorted[p + 1].Size,
                new Estimate(crossings[p].T, errors[p], double.NaN, config.Resamples - failed),
                new Estimate(crossings[p].U, StandardDeviation(Column(resampledU, p).Where(double.IsFinite)), double.NaN, config.Resamples - failed));
        }

        // Weights are fixed from the pair errors; the same weights applied to each resample give the spread of the mean.
        var weights = errors.Select(e => e > 0 ? 1 / (e * e) : 1).ToArray();
        var totalWeight = weights.Sum();
        double Combine(Func<int, double> t) => Enumerable.Range(0, pairCount).Sum(p => weights[p] * t(p)) / totalWeight;
        var combined = Combine(p => crossings[p].T);
        var combinedResamples = Enumerable.Range(0, config.Resamples)
            .Select(s => Combine(p => resampled[s, p]))
            .Where(double.IsFinite);
        var chiSquare = Enumerable.Range(0, pairCount).Sum(p => weights[p] * Math.Pow(crossings[p].T - combined, 2));
        return new BinderCrossingResult(
            pairs,
            new Estimate(combined, StandardDeviation(combinedResamples), double.NaN, pairCount),
            pairCount > 1 ? chiSquare / (pairCount - 1) : double.NaN);
    }

    /// <summary>
    /// The crossing (T, U) of two curves, or null when the local fits cross near none of the first estimates. The
    /// first estimates are tried in order: nearest <paramref name="hint"/> when given (resamples), else steepest first
    /// (on noisy curves that run close together a spurious sign change can come first but has no root nearby).
    /// </summary>
    private static (double T, double U)? Crossing(
        BinderCurve a, double[] valuesA, BinderCurve b, double[] valuesB, double? hint, BinderCrossingConfig config)
    {
        foreach (var t0 in CoarseCrossings(a, valuesA, b, valuesB, hint))
        {
            var fitA = LocalFit(a, valuesA, t0, config);
            var fitB = LocalFit(b, valuesB, t0, config);
            // The union of the two fit windows: a root just outside one curve's window is a mild extrapolation of it.
            var lo = Math.Min(fitA.Lo, fitB.Lo);
            var hi = Math.Max(fitA.Hi, fitB.Hi);
            double Difference(double t) => fitA.At(t) - fitB.At(t);

            double? best = null;
            var step = (hi - lo) / RootScanSteps;
            for (var i = 0; i < RootScanSteps; i++)
            {
                var (left, right) = (lo + i * step, lo + (i + 1) * step);
                if (Math.Sign(Difference(left)) * Math.Sign(Difference(right)) > 0) continue;
                var root = Bisect(Difference, left, right);
                if (best is null || Math.Abs(root - t0) < Math.Abs(best.Value - t0)) best = root;
            }
            if (best is { } t) return (t, 0.5 * (fitA.At(t) + fitB.At(t)));
        }
        return null;
    }

    /// <summary>Sign changes of the difference of the linearly interpolated curves on the union of their temperatures, best first.</summary>
    private static IEnumerable<double> CoarseCrossings(BinderCurve a, double[] valuesA, BinderCurve b, double[] valuesB, double? hint)
    {
        var lo = Math.Max(a.Temperatures[0], b.Temperatures[0]);
        var hi = Math.Min(a.Temperatures[^1], b.Temperatures[^1]);
        var grid = a.Temperatures.Concat(b.Temperatures).Where(t => t >= lo && t <= hi).Distinct().Order().ToArray();
        var candidates = new List<(double T, double Score)>();
        for (var i = 0; i + 1 < grid.Length; i++)
        {
            var d0 = Interpolate(a.Temperatures, valuesA, grid[i]) - Interpolate(b.Temperatures, valuesB, grid[i]);
            var d1 = Interpolate(a.Temperatures, valuesA, grid[i + 1]) - Interpolate(b.Temperatures, valuesB, grid[i + 1]);
            if (Math.Sign(d0) * Math.Sign(d1) > 0 || d0 == d1) continue;
            var t = grid[i] + (grid[i + 1] - grid[i]) * d0 / (d0 - d1);
            candidates.Add((t, hint is { } h ? -Math.Abs(t - h) : Math.Abs(d1 - d0) / (grid[i + 1] - grid[i])));
        }
        return candidates.OrderByDescending(c => c.Score).Select(c => c.T);
    }

    private sealed record Fit(double[] Coefficients, double Center, double Scale, double Lo, double Hi)
    {
        public double At(double t) => LeastSquares.Evaluate(Coefficients, t, Center, Scale);
    }

    private static Fit LocalFit(BinderCurve curve, double[] values, double t0, BinderCrossingConfig config)
    {
        var nearest = Enumerable.Range(0, curve.Temperatures.Length)
            .OrderBy(i => Math.Abs(curve.Temperatures[i] - t0))
            .Take(config.PointsPerFit)
            .Order()
            .ToArray();
        var t = nearest.Select(i => curve.Temperatures[i]).ToArray();
        var y = nearest.Select(i => values[i]).ToArray();
        var w = nearest.Select(i => 1 / (curve.Errors[i] * curve.Errors[i])).ToArray();
        var scale = Math.Max(t[^1] - t[0], double.Epsilon);
        var (coefficients, _) = LeastSquares.Polynomial(t, y, w, config.Degree, t0, scale);
        return new Fit(coefficients, t0, scale, t[0], t[^1]);
    }

    private static double Interpolate(double[] x, double[] y, double at)
    {
        var i = Array.BinarySearch(x, at);
        if (i >= 0) return y[i];
        var upper = Math.Min(~i, x.Length - 1);
        var lower = Math.Max(upper - 1, 0);
        return upper == lower ? y[lower] : y[lower] + (y[upper] - y[lower]) * (at - x[lower]) / (x[upper] - x[lower]);
    }

    private static double Bisect(Func<double, double> f, double left, double right)
    {
        var fLeft = f(left);
        for (var i = 0; i < 60; i++)
        {
            var mid = 0.5 * (left + right);
            var fMid = f(mid);
            if (Math.Sign(fMid) * Math.Sign(fLeft) > 0) (left, fLeft) = (mid, fMid);
            else right = mid;
        }
        return 0.5 * (left + right);
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm's argument in (0, 1].
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double[] Column(double[,] matrix, int column) =>
        Enumerable.Range(0, matrix.GetLength(0)).Select(row => matrix[row, column]).ToArray();

    private static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToArray();
        if (list.Length < 2) return double.NaN;
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Length - 1));
    }

    private static void CheckConfig(BinderCrossingConfig config)
    {
        if (config.Degree < 1) throw new ArgumentOutOfRangeException(nameof(config), config.Degree, "Degree must be at least 1.");
        if (config.PointsPerFit < config.Degree + 1)
            throw new ArgumentOutOfRangeException(nameof(config), config.PointsPerFit, $"PointsPerFit must be at least Degree + 1 = {config.Degree + 1}.");
        if (config.Resamples < 2) throw new ArgumentOutOfRangeException(nameof(config), config.Resamples, "Resamples must be at least 2.");
        if (!(config.MaxFailedFraction >= 0 && config.MaxFailedFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(config), config.MaxFailedFraction, "MaxFailedFraction must lie in [0, 1).");
    }

    private static BinderCurve[] CheckCurves(IReadOnlyList<BinderCurve> curves, BinderCrossingConfig config)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count < 2) throw new ArgumentException($"Crossings need curves of at least 2 sizes; got {curves.Count}.", nameof(curves));
        foreach (var curve in curves)
        {
            ArgumentNullException.ThrowIfNull(curve, nameof(curves));
            var n = curve.Temperatures?.Length ?? 0;
            if (curve.Values?.Length != n || curve.Errors?.Length != n)
                throw new ArgumentException($"The curve of L = {curve.Size} needs as many values and errors as temperatures ({n}).", nameof(curves));
            if (n < config.PointsPerFit)
                throw new ArgumentException($"The curve of L = {curve.Size} has {n} points; each fit needs {config.PointsPerFit}.", nameof(curves));
            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(curve.Temperatures![i]) || !double.IsFinite(curve.Values![i]) || !(curve.Errors![i] > 0) || double.IsInfinity(curve.Errors[i]))
                    throw new ArgumentException($"Point {i} of the curve of L = {curve.Size} needs a finite T and U₄ and an error > 0.", nameof(curves));
                if (i > 0 && !(curve.Temperatures[i] > curve.Temperatures[i - 1]))
                    throw new ArgumentException($"The temperatures of the curve of L = {curve.Size} must increase strictly (point {i}).", nameof(curves));
            }
        }
        var sorted = curves.OrderBy(c => c.Size).ToArray();
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i].Size == sorted[i - 1].Size)
                throw new ArgumentException($"Two curves have the same size L = {sorted[i].Size}.", nameof(curves));
        return sorted;
    }
}
