using NeuroThermo.IO;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Renormalization;
using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>One configuration and its blockings, kept for the images: ±1 row by row.</summary>
/// <param name="Original">The L×L configuration.</param>
/// <param name="Blocked">Its (L/b)×(L/b) block spins for each b, in the order of the config's block sizes.</param>
public sealed record BlockSpinSnapshot(sbyte[] Original, IReadOnlyList<sbyte[]> Blocked);

/// <summary>ξ before and after blocking at one temperature.</summary>
/// <param name="Temperature">T.</param>
/// <param name="Critical">Whether T is Onsager's T_c (sampled by Wolff; no exponential fit).</param>
/// <param name="Samples">Configurations measured.</param>
/// <param name="Blockings">One comparison per b.</param>
/// <param name="Snapshot">The first configuration of the first chain and its blockings.</param>
public sealed record BlockSpinTemperaturePoint(
    double Temperature, bool Critical, int Samples, IReadOnlyList<BlockSpinCorrelationLengths> Blockings, BlockSpinSnapshot Snapshot);

/// <summary>Blocked magnetizations at T_c for one b: L = L'·b^k, k = 0, 1, …, and the distances between successive histograms.</summary>
/// <param name="BlockSize">b.</param>
/// <param name="Sizes">One measurement per L, increasing (k = 0 first: the unblocked L' lattice).</param>
/// <param name="Distances">Total-variation distance of P(m') between Sizes[i] and Sizes[i + 1], with its noise floor.</param>
public sealed record BlockSpinDistribution(
    int BlockSize, IReadOnlyList<BlockedMagnetization> Sizes, IReadOnlyList<(double Distance, double NoiseFloor)> Distances);

/// <summary>Everything <c>rg.blockspin</c> measured.</summary>
public sealed record RgBlockSpinResult(
    int Size, IReadOnlyList<int> BlockSizes, IReadOnlyList<BlockSpinTemperaturePoint> Points, IReadOnlyList<BlockSpinDistribution> Distributions);

/// <summary>
/// <c>rg.blockspin</c>: majority-rule block spins (b = 2, 3) of 2D Ising configurations. ξ before and after blocking
/// with jackknife errors away from T_c (exponential and second-moment) and at T_c (second-moment, ξ/L); images of a
/// configuration and its blockings at each T; and at T_c the distribution of the block magnetization of lattices of
/// growing L blocked down to a common side, with the blocked Binder cumulant and distances between the histograms.
/// </summary>
public static class RgBlockSpinExperiment
{
    /// <summary>Files written into the run directory.</summary>
    public const string TableFile = "estimates.md", ResultsFile = "results.json";

    /// <summary>Samples, blocks, measures, writes images/, plots/, estimates.md, results.json and summary.txt.</summary>
    public static Task<RunOutcome> RunAsync(RgBlockSpinConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        Check(config, context.Directory.ConfigFile);
        var result = Compute(config, (ulong)context.Seed, context, cancellationToken);
        RgBlockSpinReport.Write(result, config, context.Directory);
        var table = RgBlockSpinReport.Table(result);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, TableFile), table);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, RunReportWriter.SummaryFileName), table);
        foreach (var line in table.TrimEnd('\n').Split('\n')) context.Progress.WriteLine(line);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Runs every temperature and the distribution study; <paramref name="context"/> (optional) gets progress and metrics.</summary>
    public static RgBlockSpinResult Compute(RgBlockSpinConfig config, ulong seed, RunContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var criticalTemperature = OnsagerSolution.CriticalTemperature();
        var temperatures = config.Temperatures.Append(criticalTemperature).Order().ToArray();
        var points = new List<BlockSpinTemperaturePoint>();
        foreach (var temperature in temperatures)
        {
            var critical = temperature == criticalTemperature;
            var point = MeasureTemperature(config, temperature, critical, seed + 7919UL * (ulong)points.Count, cancellationToken);
            points.Add(point);
            context?.Progress.WriteLine($"T = {temperature:F4}: {point.Samples} configurations of L = {config.Size} blocked by b = {string.Join(", ", config.BlockSizes)}");
            for (var i = 0; i < point.Blockings.Count; i++) LogBlocking(context, (points.Count - 1) * config.BlockSizes.Length + i, temperature, point.Blockings[i]);
        }
        var distributions = MeasureDistributions(config, seed + 1_000_003UL, context, cancellationToken);
        return new RgBlockSpinResult(config.Size, config.BlockSizes, points, distributions);
    }

    /// <summary>Samples one temperature and compares ξ before and after blocking by each b.</summary>
    public static BlockSpinTemperaturePoint MeasureTemperature(
        RgBlockSpinConfig config, double temperature, bool critical, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var scope = torch.NewDisposeScope();
        var spins = critical
            ? SquareIsingConfigurations.Sample(ConfigurationChain.Wolff, config.Size, 1 / temperature, config.WolffChains,
                config.WolffThermalization, config.WolffSamplesPerChain, config.WolffInterval, seed, cancellationToken)
            : SquareIsingConfigurations.Sample(ConfigurationChain.Metropolis, config.Size, 1 / temperature, config.Chains,
                config.ThermalizationSweeps, config.SamplesPerChain, config.SampleInterval, seed, cancellationToken);   // (S, L, L) int8
        // G(r) only as far as the fit reaches (at T_c none is fitted and ξ₂ needs only the structure factor).
        var original = LatticeCorrelations.Measure(spins, Boundary.Periodic, config.BinCount, critical ? 1 : config.FitEnd);
        using var coins = new Generator(seed + 1);
        var blockings = new List<BlockSpinCorrelationLengths>();
        var snapshots = new List<sbyte[]>();
        foreach (var b in config.BlockSizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var blockScope = torch.NewDisposeScope();
            var blockedSpins = MajorityRuleBlocking.Block(spins, b, coins);   // (S, L/b, L/b)
            var blocked = LatticeCorrelations.Measure(blockedSpins, Boundary.Periodic, config.BinCount, critical ? 1 : config.FitEnd / b);
            // At T_c G(r) falls as a power of r up to L/2: there is no exponential decay to fit, and ξ₂/L is the measure.
            blockings.Add(critical
                ? BlockSpinCorrelationLengths.Compare(original, blocked, b)
                : BlockSpinCorrelationLengths.Compare(original, blocked, b, config.FitStart, config.FitEnd));
            snapshots.Add(blockedSpins[0].reshape(-1).ToArray<sbyte>());
        }
        var snapshot = new BlockSpinSnapshot(spins[0].reshape(-1).ToArray<sbyte>(), snapshots);
        return new BlockSpinTemperaturePoint(temperature, critical, (int)spins.shape[0], blockings, snapshot);
    }

    /// <summary>
    /// At T_c, for each b: lattices of L = L'·b^k (k = 0 … while L ≤ the largest size) sampled by Wolff, blocked k times
    /// down to L', and P(m'), U₄' and the distances between successive L.
    /// </summary>
    public static IReadOnlyList<BlockSpinDistribution> MeasureDistributions(
        RgBlockSpinConfig config, ulong seed, RunContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var beta = OnsagerSolution.CriticalInverseTemperature();
        var sizes = config.BlockSizes.SelectMany(b => DistributionSizes(config, b)).Distinct().Order().ToArray();
        var measured = config.BlockSizes.ToDictionary(b => b, _ => new List<BlockedMagnetization>());
        using var coins = new Generator(seed);
        foreach (var size in sizes)
        {
            using var scope = torch.NewDisposeScope();
            var spins = SquareIsingConfigurations.Sample(ConfigurationChain.Wolff, size, beta, config.DistributionChains,
                config.WolffThermalization, config.DistributionSamplesPerChain, config.WolffInterval, seed + (ulong)size, cancellationToken);
            foreach (var b in config.BlockSizes.Where(b => DistributionSizes(config, b).Contains(size)))
                measured[b].Add(BlockedMagnetization.Measure(spins, b, config.DistributionBlockedSize, coins, config.BinCount));
            context?.Progress.WriteLine($"T_c: {spins.shape[0]} configurations of L = {size} blocked down to L' = {config.DistributionBlockedSize}");
        }
        return config.BlockSizes.Select(b =>
        {
            var list = measured[b];
            var distances = list.Zip(list.Skip(1), (x, y) => BlockedMagnetization.TotalVariation(x, y, config.HistogramBins)).ToList();
            return new BlockSpinDistribution(b, list, distances);
        }).ToList();
    }

    /// <summary>L'·b^k for k = 0, 1, … up to the largest size of the distribution study.</summary>
    public static IEnumerable<int> DistributionSizes(RgBlockSpinConfig config, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(config);
        for (long size = config.DistributionBlockedSize; size <= config.DistributionMaxSize; size *= blockSize) yield return (int)size;
    }

    /// <summary>Rules between fields that per-field ranges cannot express, each broken one reported in one sentence.</summary>
    public static void Check(RgBlockSpinConfig config, string file)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Size % 2 != 0)
            throw new ConfigException($"Config '{file}' at $.size: L = {config.Size} is odd; the checkerboard update needs an even L.", file, "$.size");
        if (config.BlockSizes.Length == 0)
            throw new ConfigException($"Config '{file}' at $.blockSizes: give at least one block size.", file, "$.blockSizes");
        for (var i = 0; i < config.BlockSizes.Length; i++)
        {
            var b = config.BlockSizes[i];
            if (config.Size % b != 0)
                throw new ConfigException($"Config '{file}' at $.blockSizes[{i}]: b = {b} does not divide L = {config.Size}; blocks must tile the lattice.", file, $"$.blockSizes[{i}]");
            if (config.Size / b < 4)
                throw new ConfigException($"Config '{file}' at $.blockSizes[{i}]: b = {b} leaves a {config.Size / b}×{config.Size / b} lattice; ξ needs L/b ≥ 4.", file, $"$.blockSizes[{i}]");
            if ((config.FitEnd / b) < (config.FitStart + b - 1) / b + 1 || config.FitEnd / b > config.Size / b / 2 || config.FitEnd > config.Size / 2)
                throw new ConfigException($"Config '{file}' at $.fitEnd: the window [{config.FitStart}, {config.FitEnd}] must hold two multiples of b = {b} up to L/2 = {config.Size / 2}.", file, "$.fitEnd");
        }
        var criticalTemperature = OnsagerSolution.CriticalTemperature();
        for (var i = 0; i < config.Temperatures.Length; i++)
        {
            if (config.Temperatures[i] == criticalTemperature)
                throw new ConfigException($"Config '{file}' at $.temperatures[{i}]: T_c is always measured (by Wolff); list only temperatures away from it.", file, $"$.temperatures[{i}]");
        }
        if (config.DistributionMaxSize < config.DistributionBlockedSize)
            throw new ConfigException($"Config '{file}' at $.distributionBlockedSize: L' = {config.DistributionBlockedSize} must be at most distributionMaxSize = {config.DistributionMaxSize}.", file, "$.distributionBlockedSize");
        if ((long)config.Chains * config.SamplesPerChain < config.BinCount || (long)config.WolffChains * config.WolffSamplesPerChain < config.BinCount
            || (long)config.DistributionChains * config.DistributionSamplesPerChain < config.BinCount)
            throw new ConfigException($"Config '{file}' at $.binCount: {config.BinCount} bins need at least as many configurations at every temperature and size.", file, "$.binCount");
    }

    private static void LogBlocking(RunContext? context, int step, double temperature, BlockSpinCorrelationLengths blocking)
    {
        if (context is null) return;
        var values = new List<(string Name, double Value)>
        {
            ("temperature", temperature), ("blockSize", blocking.BlockSize),
            ("xi2", blocking.SecondMoment.Original.Mean), ("xi2Blocked", blocking.SecondMoment.Blocked.Mean),
            ("xi2Ratio", blocking.SecondMoment.Ratio.Mean), ("xi2RatioError", blocking.SecondMoment.Ratio.StandardError),
        };
        if (blocking.Exponential is { } exponential)
        {
            values.Add(("xiExp", exponential.Original.Mean));
            values.Add(("xiExpBlocked", exponential.Blocked.Mean));
            values.Add(("xiExpRatio", exponential.Ratio.Mean));
            values.Add(("xiExpRatioError", exponential.Ratio.StandardError));
        }
        context.Metrics.Write(step, values.ToArray().AsSpan());
    }
}
