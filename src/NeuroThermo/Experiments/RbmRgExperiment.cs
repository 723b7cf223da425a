using System.Diagnostics;
using NeuroThermo.IO;
using NeuroThermo.Models.Rbm;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>The effective pair couplings of one shell of pairs at a common distance on the torus.</summary>
/// <param name="Distance">Minimum-image Euclidean distance (1 nearest neighbours, √2 next-nearest, 2, √5, …).</param>
/// <param name="Pairs">Pairs i &lt; k in the shell.</param>
/// <param name="Expansion">Mean second-order coupling Σ_j sech²(b_j) W_ij W_kj over the shell (eq. 4.51).</param>
/// <param name="ExpansionSpread">Standard deviation of that coupling over the shell's pairs.</param>
/// <param name="Exact">Mean exact pair coupling (Walsh transform, exact or sampled) over the shell.</param>
/// <param name="ExactError">Standard error of <paramref name="Exact"/> from the sampling (0 when exact).</param>
public sealed record RbmRgShell(double Distance, int Pairs, double Expansion, double ExpansionSpread, double Exact, double ExactError);

/// <summary>What <c>rbm.rg</c> measured at one temperature.</summary>
/// <param name="Temperature">T.</param>
/// <param name="NearestNeighbourCorrelation">⟨s_i s_j⟩ over nearest-neighbour pairs in the training data.</param>
/// <param name="ModelCorrelation">The same correlation in samples of the trained machine's long Gibbs chains.</param>
/// <param name="MultiSpinRatio">‖J_{|S|≥3}‖/‖J_{|S|=2}‖ of the learned E_eff, when the exact transform was affordable.</param>
/// <param name="Shells">Couplings by distance, nearest first.</param>
/// <param name="TrainSeconds">Wall time of the training.</param>
public sealed record RbmRgPoint(double Temperature, double NearestNeighbourCorrelation, double ModelCorrelation, double? MultiSpinRatio,
    IReadOnlyList<RbmRgShell> Shells, double TrainSeconds)
{
    /// <summary>β = 1/T: with J = 1, the coupling the data's Boltzmann weight e^{βJ Σ s_i s_j} carries on each bond.</summary>
    public double InverseTemperature => 1 / Temperature;
}

/// <summary>One weight scale of the multi-spin scan: the norms of E_eff's couplings by order, for b = 0 and b ≠ 0.</summary>
public sealed record RbmRgScanPoint(double WeightScale, double[] NormsZeroBias, double[] NormsWithBias);

/// <summary>
/// <c>rbm.rg</c>: the RBM as a renormalization step (lecture notes eqs. 4.44–4.52, Mehta &amp; Schwab 2014). For each
/// temperature, Wolff samples of the periodic L × L Ising model train a spin RBM by CD-k/PCD; the learned E_eff is read
/// as couplings — the second-order expansion and the exact Walsh transform — averaged over shells of pairs at equal
/// distance and compared with the true βJ on nearest neighbours and 0 beyond. A scan of random machines measures how
/// the multi-spin part of E_eff grows with the weight scale. Writes each machine (rbm-T….safetensors), the table, plots
/// and image grids of filters, data and long-Gibbs-chain samples.
/// </summary>
public static class RbmRgExperiment
{
    /// <summary>The summary file of the run directory.</summary>
    public const string SummaryFile = "summary.md";

    public static Task<RunOutcome> RunAsync(RbmRgConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Directory.ConfigFile;
        if (config.Temperatures.Length == 0)
            throw new ConfigException($"Config '{file}' at $.temperatures: expected at least one temperature, got an empty list.", file, "$.temperatures");
        if (config.Chains > config.Samples)
            throw new ConfigException($"Config '{file}' at $.chains: {config.Chains} chains cannot share {config.Samples} samples; expected at most samples.", file, "$.chains");
        if (config.BatchSize > config.Samples)
            throw new ConfigException($"Config '{file}' at $.batchSize: {config.BatchSize} exceeds the {config.Samples} samples per temperature.", file, "$.batchSize");
        var seed = unchecked((ulong)context.Seed);
        Directory.CreateDirectory(context.Directory.PlotsDirectory);
        Directory.CreateDirectory(context.Directory.ImagesDirectory);
        var points = new List<RbmRgPoint>();
        using (var progress = context.Progress.Start("temperatures", config.Temperatures.Length, 0, "temperatures"))
        {
            for (var t = 0; t < config.Temperatures.Length; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var point = RunTemperature(config, config.Temperatures[t], seed + 10 * (ulong)t, context, cancellationToken);
                points.Add(point);
                context.Metrics.Write(t, ("temperature", point.Temperature), ("beta_j", point.InverseTemperature),
                    ("nn_coupling_expansion", point.Shells[0].Expansion), ("nn_coupling_exact", point.Shells[0].Exact),
                    ("nnn_coupling_exact", point.Shells[1].Exact), ("nn_correlation_data", point.NearestNeighbourCorrelation),
                    ("nn_correlation_model", point.ModelCorrelation));
                context.Progress.WriteLine(RbmRgReport.Line(point));
                progress.Report(t + 1);
            }
        }
        var scan = Scan(config, seed + 1_000_000);
        RbmRgReport.WritePlots(config, context.Directory, points, scan);
        var summary = RbmRgReport.Summary(config, points, scan);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), summary);
        Console.Out.Write(summary);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Samples, trains and reads off the couplings at temperature <paramref name="temperature"/>.</summary>
    private static RbmRgPoint RunTemperature(RbmRgConfig config, double temperature, ulong seed, RunContext context, CancellationToken cancellationToken)
    {
        var (l, beta) = (config.Size, 1 / temperature);
        using var data = IsingSamples(l, beta, config, seed, cancellationToken);   // (N, L²) float32 of ±1
        using var generator = new Generator(seed + 1);
        using var machine = RestrictedBoltzmannMachine.Random(l * l, config.Hidden, RbmUnits.Spin, config.WeightScale, generator);
        using (var baseBiases = RbmBaseRates.VisibleBiases(RbmUnits.Spin, data)) machine.VisibleBiases.detach().copy_(baseBiases);
        var clock = Stopwatch.StartNew();
        using (var trainer = new RbmTrainer(machine, config.TrainingOptions(), config.BatchSize, seed + 2))
            for (var epoch = 1; epoch <= config.Epochs; epoch++) trainer.Epoch(data, epoch, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;

        using var exact = machine.ToDType(ScalarType.Float64);
        var shells = PairShells(l);
        var (expansion, pairs, errors, multiSpin) = Couplings(exact, config.TransformSamples, generator);
        var readings = shells.Select(s => Shell(s.Distance, s.Pairs, l * l, expansion, pairs, errors)).ToList();

        using var chain = RbmChain.Random(machine, config.Shown, seed + 3);
        machine.Gibbs(chain, config.SampleSweeps);
        var label = RbmRgReport.TemperatureLabel(temperature);
        RbmFile.Save(machine, Path.Combine(context.Directory.Path, $"rbm-{label}.safetensors"));
        RbmRgReport.WriteImages(context.Directory, label, l, machine, data, chain.Visible, config.Shown);
        return new RbmRgPoint(temperature, NearestNeighbourCorrelation(data, l), NearestNeighbourCorrelation(chain.Visible, l),
            multiSpin, readings, seconds);
    }

    /// <summary>
    /// <paramref name="config"/>.Samples configurations of the L × L torus at β from Wolff chains started at random,
    /// thermalized, and read every <see cref="RbmRgConfig.UpdatesBetweenSamples"/> cluster updates; float32 rows.
    /// </summary>
    public static Tensor IsingSamples(int size, double beta, RbmRgConfig config, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var model = new IsingModel(Lattice.Square(size, size, Boundary.Periodic));
        using var sampler = new WolffSampler(model, beta);
        using var state = sampler.Initialize(config.Chains, seed);
        sampler.Run(state, config.ThermalizationUpdates);
        var rounds = (config.Samples + config.Chains - 1) / config.Chains;
        var kept = new List<Tensor>();
        try
        {
            for (var r = 0; r < rounds; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                sampler.Run(state, config.UpdatesBetweenSamples);
                using var samples = sampler.Samples(state);
                kept.Add(samples.to(ScalarType.Float32));
            }
            using var all = torch.cat(kept);
            return all.narrow(0, 0, config.Samples).clone();
        }
        finally
        {
            foreach (var tensor in kept) tensor.Dispose();
        }
    }

    /// <summary>
    /// The second-order couplings and the exact pair couplings of E_eff (N, N) as flat arrays, with the exact ones'
    /// standard errors and the multi-spin ratio: by the full transform when N ≤ <see cref="RbmRenormalization.MaxExactSpins"/>,
    /// else by the sampled transform (no multi-spin ratio).
    /// </summary>
    private static (double[] Expansion, double[] Exact, double[] Errors, double? MultiSpin) Couplings(RestrictedBoltzmannMachine machine,
        int transformSamples, Generator generator)
    {
        var n = machine.VisibleCount;
        var (constant, fields, couplings) = RbmRenormalization.SecondOrder(machine);
        using (constant) using (fields) using (couplings)
        {
            var expansion = couplings.ToArray<double>();
            if (n <= RbmRenormalization.MaxExactSpins)
            {
                using var all = RbmRenormalization.ExactCouplings(machine);
                using var pairs = RbmRenormalization.PairCouplings(all, n);
                return (expansion, pairs.ToArray<double>(), new double[n * n], RbmRenormalization.MultiSpinRatio(all, n));
            }
            var (sampled, errors) = RbmRenormalization.SampledPairCouplings(machine, transformSamples, generator);
            using (sampled) using (errors) return (expansion, sampled.ToArray<double>(), errors.ToArray<double>(), null);
        }
    }

    /// <summary>The pairs i &lt; k of the periodic L × L lattice (site x + L·y) grouped by minimum-image distance, nearest first.</summary>
    public static IReadOnlyList<(double Distance, IReadOnlyList<(int I, int K)> Pairs)> PairShells(int size)
    {
        var shells = new SortedDictionary<int, List<(int, int)>>();
        var n = size * size;
        for (var i = 0; i < n; i++)
            for (var k = i + 1; k < n; k++)
            {
                var dx = Math.Abs(i % size - k % size);
                var dy = Math.Abs(i / size - k / size);
                (dx, dy) = (Math.Min(dx, size - dx), Math.Min(dy, size - dy));
                var squared = dx * dx + dy * dy;
                if (!shells.TryGetValue(squared, out var list)) shells[squared] = list = [];
                list.Add((i, k));
            }
        return shells.Select(s => (Math.Sqrt(s.Key), (IReadOnlyList<(int, int)>)s.Value)).ToList();
    }

    private static RbmRgShell Shell(double distance, IReadOnlyList<(int I, int K)> pairs, int n, double[] expansion, double[] exact, double[] errors)
    {
        var e = pairs.Select(p => expansion[p.I * n + p.K]).ToArray();
        var mean = e.Average();
        var spread = Math.Sqrt(e.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, e.Length - 1));
        var exactMean = pairs.Average(p => exact[p.I * n + p.K]);
        var error = Math.Sqrt(pairs.Sum(p => errors[p.I * n + p.K] * errors[p.I * n + p.K])) / pairs.Count;
        return new RbmRgShell(distance, pairs.Count, mean, spread, exactMean, error);
    }

    /// <summary>⟨s_i s_j⟩ over the 2L² nearest-neighbour bonds and all rows of <paramref name="spins"/> (B, L²).</summary>
    public static double NearestNeighbourCorrelation(Tensor spins, int size)
    {
        ArgumentNullException.ThrowIfNull(spins);
        using var scope = torch.NewDisposeScope();
        var grid = spins.to(ScalarType.Float64).view(spins.size(0), size, size);   // (B, L²) -> (B, y, x)
        var right = (grid * grid.roll(1, 2)).mean();
        var down = (grid * grid.roll(1, 1)).mean();
        return ((right + down) * 0.5).ItemAs<double>();
    }

    /// <summary>The multi-spin scan: random machines at each weight scale, with b = 0 and with b = <see cref="RbmRgConfig.ScanHiddenBias"/>.</summary>
    public static IReadOnlyList<RbmRgScanPoint> Scan(RbmRgConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        var points = new List<RbmRgScanPoint>();
        foreach (var scale in config.ScanWeightScales)
        {
            var norms = new double[2][];
            for (var series = 0; series < 2; series++)
            {
                using var generator = new Generator(seed);   // one W shape, rescaled
                using var scope = torch.NewDisposeScope();
                var w = torch.randn([config.ScanVisible, config.ScanHidden], ScalarType.Float64, generator: generator) * scale;
                var a = torch.zeros([config.ScanVisible], ScalarType.Float64);
                var b = torch.full([config.ScanHidden], series == 0 ? 0.0 : config.ScanHiddenBias, ScalarType.Float64);
                using var machine = new RestrictedBoltzmannMachine(w, a, b, RbmUnits.Spin);
                using var exact = RbmRenormalization.ExactCouplings(machine);
                norms[series] = RbmRenormalization.NormByOrder(exact, config.ScanVisible);
            }
            points.Add(new RbmRgScanPoint(scale, norms[0], norms[1]));
        }
        return points;
    }
}
