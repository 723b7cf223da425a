using System.Globalization;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.IO;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Reports;
using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Experiments;

/// <summary>The autocorrelation of |m| at the exact T_c for one size, single-spin Metropolis against Wolff.</summary>
/// <param name="Size">L.</param>
/// <param name="MetropolisTau">τ_int of |m| in Metropolis sweeps.</param>
/// <param name="WolffTauUpdates">τ_int of |m| in Wolff cluster updates.</param>
/// <param name="WolffClusterFraction">⟨cluster size⟩/N: one cluster update does that fraction of a sweep's work.</param>
public sealed record CriticalAutocorrelation(int Size, double MetropolisTau, double WolffTauUpdates, double WolffClusterFraction)
{
    /// <summary>Wolff's τ_int converted to sweeps, τ_updates·⟨|C|⟩/N, the unit in which the two algorithms cost the same per step.</summary>
    public double WolffTauSweeps => WolffTauUpdates * WolffClusterFraction;
}

/// <summary>A Monte Carlo value set against an exact one, in standard errors.</summary>
public sealed record ExactComparison(int Size, double Temperature, string Quantity, Estimate Measured, double Exact)
{
    /// <summary>|measured − exact| / standard error.</summary>
    public double StandardErrors => Math.Abs(Measured.Mean - Exact) / Measured.StandardError;
}

/// <summary>Everything <c>ising.sweep</c> measured and derived.</summary>
public sealed record IsingSweepResult(
    string Backend, IReadOnlyList<IsingSweepPoint> Points, BinderCrossingResult? Crossing, string? CrossingFailure,
    IReadOnlyList<(int Size, Estimate Peak)> SusceptibilityPeaks, PowerLawFit? PeakScaling,
    IReadOnlyList<CriticalAutocorrelation> Autocorrelations, IReadOnlyList<ExactComparison> Comparisons);

/// <summary>
/// <c>ising.sweep</c>: single-spin Metropolis on periodic L×L Ising lattices over a grid of sizes and temperatures
/// (<see cref="ISquareIsingChains"/>, many independent chains per point from an ordered start), then the finite-size
/// analysis: T_c from Binder crossings, γ/ν from the growth of the χ' peak, and the autocorrelation time of |m| at
/// the exact T_c = 2/ln(1 + √2) for Metropolis and for Wolff cluster updates.
/// </summary>
public static class IsingSweepExperiment
{
    /// <summary>Temperatures whose largest-L values are compared with Onsager's energy and Yang's magnetisation.</summary>
    public static readonly double[] ExactCheckTemperatures = [1.5, 2.0, 3.0];

    /// <summary>Resamples of the χ' points behind the error of each peak height: 400 give that error to ~4 %.</summary>
    private const int PeakResamples = 400;

    /// <summary>Runs the grid, writes plots, snapshots and results.json, logs one metrics record per point.</summary>
    public static Task<RunOutcome> RunAsync(IsingSweepConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        Check(config, context.Directory.ConfigFile);
        var seed = (ulong)context.Seed;
        var points = new List<IsingSweepPoint>();
        var snapshots = SnapshotTemperatures(config);
        string backend = "";
        using (var progress = context.Progress.Start("points", (long)config.Sizes.Length * config.Temperatures.Length, 0, "points"))
        {
            foreach (var size in config.Sizes)
            {
                foreach (var temperature in config.Temperatures)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var chains = SquareIsingChains.Create(size, 1 / temperature, config.Chains, seed + (ulong)points.Count * 7919);
                    backend = chains.Backend;
                    var point = Simulate(chains, temperature, config.ThermalizationSweeps, config.MeasurementSweeps);
                    if (size == config.Sizes[^1] && snapshots.Contains(temperature))
                        IsingSweepReport.WriteSnapshot(chains, temperature, context.Directory.ImagesDirectory);
                    LogPoint(context, points.Count, point);
                    points.Add(point);
                    progress.Report(points.Count);
                }
            }
        }

        var autocorrelations = new List<CriticalAutocorrelation>();
        if (config.WolffUpdates > 0)
        {
            foreach (var size in config.Sizes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                autocorrelations.Add(CompareAtCriticalPoint(config, size, seed + 1_000_003UL * (ulong)size));
                var a = autocorrelations[^1];
                context.Metrics.Write(points.Count + autocorrelations.Count - 1, ("size", size), ("metropolisTau", a.MetropolisTau),
                    ("wolffTauUpdates", a.WolffTauUpdates), ("wolffTauSweeps", a.WolffTauSweeps), ("wolffClusterFraction", a.WolffClusterFraction));
            }
        }

        var result = Analyze(backend, points, config.Sizes, autocorrelations);
        IsingSweepReport.Write(result, context.Directory);
        var summary = new List<string>();
        IsingSweepReport.Print(result, summary.Add);
        summary.ForEach(context.Progress.WriteLine);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, RunReportWriter.SummaryFileName), string.Join('\n', summary) + "\n");
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Thermalizes, then measures e and m after every sweep, of every chain.</summary>
    public static IsingSweepPoint Simulate(ISquareIsingChains chains, double temperature, int thermalizationSweeps, int measurementSweeps)
    {
        ArgumentNullException.ThrowIfNull(chains);
        if (thermalizationSweeps > 0) chains.Run(thermalizationSweeps);
        var (energy, magnetization) = chains.Run(measurementSweeps);
        return IsingSweepPoint.Measure(chains.Size, temperature, energy, magnetization);
    }

    /// <summary>The finite-size analysis of the measured points.</summary>
    public static IsingSweepResult Analyze(string backend, IReadOnlyList<IsingSweepPoint> points, IReadOnlyList<int> sizes,
        IReadOnlyList<CriticalAutocorrelation> autocorrelations)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(sizes);
        var bySize = sizes.Select(l => points.Where(p => p.Size == l).OrderBy(p => p.Temperature).ToArray()).ToArray();
        BinderCrossingResult? crossing = null;
        string? failure = sizes.Count >= 2 ? $"the Binder fit needs 6 temperatures per size, the grid has {bySize[0].Length}" : "a single size has nothing to cross";
        if (sizes.Count >= 2 && bySize[0].Length >= 6)
        {
            var curves = bySize.Select(ps => new BinderCurve(ps[0].Size, ps.Select(p => p.Temperature).ToArray(),
                ps.Select(p => p.Binder.Mean).ToArray(), ps.Select(p => Math.Max(p.Binder.StandardError, 1e-12)).ToArray())).ToList();
            try
            {
                crossing = BinderCrossing.Locate(curves);
                failure = null;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // Curves that never cross (a grid that misses T_c, or too few sweeps) leave T_c undetermined; the report says why.
                failure = e.Message;
            }
        }
        var peaks = bySize.Where(ps => ps.Length >= 3).Select(ps => (ps[0].Size, SusceptibilityPeak(ps))).ToList();
        PowerLawFit? scaling = peaks.Count >= 2
            ? PowerLawFit.Fit(peaks.Select(p => (double)p.Size).ToArray(), peaks.Select(p => p.Item2.Mean).ToArray(),
                peaks.Select(p => p.Item2.StandardError).ToArray())
            : null;
        return new IsingSweepResult(backend, points, crossing, failure, peaks, scaling, autocorrelations, Comparisons(bySize[^1]));
    }

    /// <summary>
    /// The height of the χ' peak of one size: the vertex of the parabola through the largest point and its two
    /// neighbours on the grid (the largest point itself at an end of the grid), with its error from resampling the
    /// three points within their errors.
    /// </summary>
    public static Estimate SusceptibilityPeak(IReadOnlyList<IsingSweepPoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var top = Enumerable.Range(0, curve.Count).MaxBy(i => curve[i].Susceptibility.Mean);
        if (top == 0 || top == curve.Count - 1) return curve[top].Susceptibility with { TauInt = double.NaN };
        var t = new[] { curve[top - 1].Temperature, curve[top].Temperature, curve[top + 1].Temperature };
        var y = new[] { curve[top - 1].Susceptibility, curve[top].Susceptibility, curve[top + 1].Susceptibility };
        var central = ParabolaMaximum(t, y.Select(e => e.Mean).ToArray());
        var random = new Random(17);
        var resampled = new double[PeakResamples];
        for (var r = 0; r < PeakResamples; r++)
            resampled[r] = ParabolaMaximum(t, y.Select(e => e.Mean + e.StandardError * Gaussian(random)).ToArray());
        var mean = resampled.Average();
        var spread = Math.Sqrt(resampled.Sum(v => (v - mean) * (v - mean)) / (PeakResamples - 1));
        return new Estimate(central, spread, double.NaN, 3);
    }

    // The maximum of the parabola through three points, or the largest point when the parabola opens upwards.
    private static double ParabolaMaximum(double[] t, double[] y)
    {
        var d1 = (y[1] - y[0]) / (t[1] - t[0]);
        var d2 = (y[2] - y[1]) / (t[2] - t[1]);
        var curvature = (d2 - d1) / (t[2] - t[0]);   // a in y = a t² + b t + c
        if (curvature >= 0) return y.Max();
        var slope = d1 - curvature * (t[0] + t[1]);   // b
        var vertex = -slope / (2 * curvature);
        if (vertex < t[0] || vertex > t[2]) return y.Max();
        return y[1] + d1 * (vertex - t[1]) + curvature * (vertex - t[0]) * (vertex - t[1]);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// e against Onsager and |m| against Yang at <see cref="ExactCheckTemperatures"/> below T_c; above T_c, where Yang's
    /// m is 0 but a finite lattice's ⟨|m|⟩ is of order L^{−1}, the signed ⟨m⟩ against 0.
    /// </summary>
    public static IReadOnlyList<ExactComparison> Comparisons(IReadOnlyList<IsingSweepPoint> largest)
    {
        ArgumentNullException.ThrowIfNull(largest);
        var list = new List<ExactComparison>();
        foreach (var point in largest.Where(p => ExactCheckTemperatures.Any(t => Math.Abs(t - p.Temperature) < 1e-9)))
        {
            var beta = 1 / point.Temperature;
            list.Add(new(point.Size, point.Temperature, "e", point.Energy, OnsagerSolution.InternalEnergyPerSite(beta)));
            if (point.Temperature < OnsagerSolution.CriticalTemperature())
                list.Add(new(point.Size, point.Temperature, "|m|", point.AbsoluteMagnetization, OnsagerSolution.SpontaneousMagnetization(beta)));
            else
                list.Add(new(point.Size, point.Temperature, "m", point.Magnetization, 0));
        }
        return list;
    }

    /// <summary>τ_int of |m| at the exact T_c for Metropolis (<see cref="ISquareIsingChains"/>) and for <see cref="WolffSampler"/>.</summary>
    public static CriticalAutocorrelation CompareAtCriticalPoint(IsingSweepConfig config, int size, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var beta = OnsagerSolution.CriticalInverseTemperature();
        double metropolisTau;
        using (var chains = SquareIsingChains.Create(size, beta, config.Chains, seed))
        {
            chains.Run(config.ThermalizationSweeps);
            var (_, m) = chains.Run(config.MeasurementSweeps);
            metropolisTau = IsingSweepPoint.MeanTau(IsingSweepPoint.ChainMajor(m).Select(Math.Abs).ToArray(), config.MeasurementSweeps, config.Chains);
        }

        using var model = new IsingModel(Lattice.Square(size, size, Boundary.Periodic));
        using var wolff = new WolffSampler(model, beta);
        using var state = wolff.Initialize(config.WolffChains, seed + 1);
        // From the ordered state the first clusters are already critical-sized; from a random one they start tiny and
        // the chain needs many more updates to reach equilibrium.
        state.Spins.fill_(1.0);
        using var noGrad = torch.no_grad();
        wolff.Run(state, config.WolffThermalization);
        var flippedBefore = state.AcceptedFlips;
        var series = new double[config.WolffUpdates, config.WolffChains];
        for (var u = 0; u < config.WolffUpdates; u++)
        {
            using var scope = torch.NewDisposeScope();
            wolff.Run(state, 1);
            var m = state.Spins.mean([1]).ToArray<double>();   // (B, N) -> (B)
            for (var c = 0; c < m.Length; c++) series[u, c] = Math.Abs(m[c]);
        }
        var fraction = (double)(state.AcceptedFlips - flippedBefore) / ((long)config.WolffUpdates * config.WolffChains * size * size);
        var wolffTau = IsingSweepPoint.MeanTau(IsingSweepPoint.ChainMajor(series), config.WolffUpdates, config.WolffChains);
        return new CriticalAutocorrelation(size, metropolisTau, wolffTau, fraction);
    }

    /// <summary>The grid temperatures of the largest size photographed: nearest 0.9 T_c (ordered), T_c, and 1.25 T_c (disordered).</summary>
    public static IReadOnlySet<double> SnapshotTemperatures(IsingSweepConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var tc = OnsagerSolution.CriticalTemperature();
        return new[] { 0.9 * tc, tc, 1.25 * tc }
            .Select(target => config.Temperatures.MinBy(t => Math.Abs(t - target)))
            .ToHashSet();
    }

    private static void LogPoint(RunContext context, int step, IsingSweepPoint p) =>
        context.Metrics.Write(step, ("size", p.Size), ("temperature", p.Temperature),
            ("m", p.Magnetization.Mean), ("mError", p.Magnetization.StandardError),
            ("absM", p.AbsoluteMagnetization.Mean), ("absMError", p.AbsoluteMagnetization.StandardError),
            ("e", p.Energy.Mean), ("eError", p.Energy.StandardError),
            ("c", p.HeatCapacity.Mean), ("cError", p.HeatCapacity.StandardError),
            ("chi", p.Susceptibility.Mean), ("chiError", p.Susceptibility.StandardError),
            ("u4", p.Binder.Mean), ("u4Error", p.Binder.StandardError),
            ("tauAbsM", p.TauAbsoluteMagnetization), ("tauE", p.TauEnergy));

    /// <summary>Rules between fields that per-field ranges cannot express, each broken one reported in one sentence.</summary>
    public static void Check(IsingSweepConfig config, string file)
    {
        ArgumentNullException.ThrowIfNull(config);
        for (var i = 0; i < config.Sizes.Length; i++)
        {
            if (config.Sizes[i] % 2 != 0)
                throw new ConfigException($"Config '{file}' at $.sizes[{i}]: L = {config.Sizes[i]} is odd; the checkerboard update needs an even L.", file, $"$.sizes[{i}]");
            if (i > 0 && config.Sizes[i] <= config.Sizes[i - 1])
                throw new ConfigException($"Config '{file}' at $.sizes[{i}]: sizes must be strictly increasing, but {config.Sizes[i]} follows {config.Sizes[i - 1]}.", file, $"$.sizes[{i}]");
        }
        if (config.Sizes.Length == 0)
            throw new ConfigException($"Config '{file}' at $.sizes: give at least one lattice size.", file, "$.sizes");
        if (config.Temperatures.Length == 0)
            throw new ConfigException($"Config '{file}' at $.temperatures: give at least one temperature.", file, "$.temperatures");
        for (var i = 1; i < config.Temperatures.Length; i++)
        {
            if (config.Temperatures[i] <= config.Temperatures[i - 1])
                throw new ConfigException(string.Create(CultureInfo.InvariantCulture,
                    $"Config '{file}' at $.temperatures[{i}]: temperatures must be strictly increasing, but {config.Temperatures[i]} follows {config.Temperatures[i - 1]}."),
                    file, $"$.temperatures[{i}]");
        }
    }
}
