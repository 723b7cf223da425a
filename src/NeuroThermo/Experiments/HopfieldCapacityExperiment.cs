using System.Globalization;
using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Models.Hopfield;
using NeuroThermo.Physics;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>Hyper-parameters of <c>hopfield.capacity</c>.</summary>
public sealed record HopfieldCapacityConfig
{
    /// <summary>Network sizes N; two sizes show the transition sharpening as N grows.</summary>
    [ConfigRange(2, 10_000)]
    public int[] Sizes { get; init; } = [500, 1000];

    /// <summary>Smallest load α = P/N.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double LoadMin { get; init; } = 0.02;

    /// <summary>Largest load; 0.3 is twice α_c ≈ 0.138, well into the spin-glass phase.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double LoadMax { get; init; } = 0.3;

    /// <summary>Loads on an even grid from LoadMin to LoadMax; 15 give a step of 0.02.</summary>
    [ConfigRange(2, 1000)]
    public int Loads { get; init; } = 15;

    /// <summary>Stored patterns used as starting points at each load (at most P): the mean over them is plotted.</summary>
    [ConfigRange(1, 10_000)]
    public int Trials { get; init; } = 32;

    /// <summary>Fraction of bits flipped in each start. 0 starts on the stored pattern itself — the textbook
    /// measurement of whether a retrieval state near it exists (m ≈ 0.97 up to α_c, then a jump down).</summary>
    [ConfigRange(0, 0.5)]
    public double FlipFraction { get; init; } = 0;

    /// <summary>Sweep budget per run; far above α_c the dynamics wanders for a few dozen sweeps.</summary>
    [ConfigRange(1, 100_000)]
    public int MaxSweeps { get; init; } = 100;
}

/// <summary>
/// <c>hopfield.capacity</c>: for each N and each load α = P/N, stores P random patterns by the Hebbian rule (eq. 4.11),
/// starts asynchronous random-order dynamics at (possibly corrupted) stored patterns, and records the final overlap
/// with the pattern. The plot of mean final overlap against α shows the collapse of retrieval near α_c ≈ 0.138
/// (Amit, Gutfreund and Sompolinsky), drawn as a vertical line.
/// </summary>
public static class HopfieldCapacityExperiment
{
    /// <summary>Files written into the run directory (the plot under plots/).</summary>
    public const string Plot = "capacity.svg", TableFile = "capacity.md";

    /// <summary>Metric: mean final overlap, logged with N and α; the step counts (N, α) points in order.</summary>
    public const string OverlapMetric = "overlap";

    /// <summary>The replica-theory capacity of the Hebbian rule at T = 0.</summary>
    public const double CriticalLoad = 0.138;

    /// <summary>The overlap below which a load counts as collapsed in the summary line.</summary>
    public const double CollapseOverlap = 0.9;

    /// <summary>Runs the sweep over N and α; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(HopfieldCapacityConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Directory.ConfigFile;
        if (config.LoadMax <= config.LoadMin)
            throw new ConfigException(Invariant($"Config '{file}' at $.loadMax: {config.LoadMax} must exceed loadMin {config.LoadMin}."), file, "$.loadMax");
        if (config.Sizes.Length == 0)
            throw new ConfigException($"Config '{file}' at $.sizes: expected at least one network size N, got an empty list.", file, "$.sizes");
        using var generator = new Generator(unchecked((ulong)context.Seed));
        var loads = Enumerable.Range(0, config.Loads).Select(i => config.LoadMin + (config.LoadMax - config.LoadMin) * i / (config.Loads - 1)).ToArray();
        var table = new StringBuilder();
        table.AppendLine("| N | P/N | P | mean final overlap | standard error | retrieved (m > 0.9) |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        var plot = new Plot { Title = "Hopfield capacity (Hebbian, asynchronous)", XLabel = "load α = P/N", YLabel = "final overlap m with the stored pattern" };
        var summary = new StringBuilder();
        var step = 0L;
        foreach (var n in config.Sizes)
        {
            var means = new double[loads.Length];
            var errors = new double[loads.Length];
            for (var k = 0; k < loads.Length; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var p = Math.Max(1, (int)Math.Round(loads[k] * n));
                var overlaps = FinalOverlaps(n, p, config, generator);
                means[k] = overlaps.Average();
                errors[k] = overlaps.Length > 1 ? StandardDeviation(overlaps) / Math.Sqrt(overlaps.Length) : 0;
                context.Metrics.Write(step++, (OverlapMetric, means[k]), ("spins", n), ("load", (double)p / n));
                var row = Invariant($"| {n} | {(double)p / n:F3} | {p} | {means[k]:F4} | {errors[k]:F4} | {overlaps.Count(m => m > CollapseOverlap)}/{overlaps.Length} |");
                table.AppendLine(row);
                context.Progress.WriteLine(row);
            }
            plot.Add(loads, means, $"N = {n}", SeriesStyle.LineAndMarkers, errors);
            var collapse = Array.FindIndex(means, m => m < CollapseOverlap);
            summary.AppendLine(collapse < 0
                ? Invariant($"N = {n}: the mean overlap stays above {CollapseOverlap} up to α = {loads[^1]:F3}.")
                : Invariant($"N = {n}: the mean overlap first falls below {CollapseOverlap} at α = {loads[collapse]:F3} (last load above: {(collapse > 0 ? loads[collapse - 1].ToString("F3", CultureInfo.InvariantCulture) : "none")})."));
        }
        plot.AddLine([CriticalLoad, CriticalLoad], [0, 1], "α_c ≈ 0.138 (replica theory)");
        var plots = context.Directory.PlotsDirectory;
        Directory.CreateDirectory(plots);
        plot.WriteSvg(Path.Combine(plots, Plot));
        table.AppendLine();
        table.Append(summary);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, TableFile), table.ToString());
        Console.Out.Write(summary.ToString());
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Final overlaps of the runs started from the first min(P, Trials) stored patterns.</summary>
    private static double[] FinalOverlaps(int n, int p, HopfieldCapacityConfig config, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var patterns = SpinConfigurations.Random(p, n, generator);                        // (P, N)
        using var network = HopfieldNetwork.Hebbian(patterns);
        var targets = patterns[..Math.Min(p, config.Trials)];                              // (B, N)
        var flips = torch.bernoulli(torch.full(targets.shape, config.FlipFraction, ScalarType.Float64), generator);
        var starts = targets * (1 - flips * 2);
        using var run = HopfieldDynamics.Run(network, starts, HopfieldUpdate.AsynchronousRandom, config.MaxSweeps, generator);
        return (run.States * targets).mean([1]).ToArray<double>();                           // m of each run with its own pattern
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
