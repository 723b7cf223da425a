using System.Globalization;
using System.Text;
using NeuroThermo.Data;
using NeuroThermo.IO;
using NeuroThermo.Models.Hopfield;
using NeuroThermo.Physics;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>Hyper-parameters of <c>hopfield.recall</c>.</summary>
public sealed record HopfieldRecallConfig
{
    /// <summary>Fashion-MNIST test images stored, taken class by class (one T-shirt, one trouser, …) so that the set is
    /// as varied as the data allow; 10 is one of each class, P/N = 0.013 for N = 784 pixels.</summary>
    [ConfigRange(1, 392)]
    public int Images { get; init; } = 10;

    /// <summary>Pixels brighter than this (on [0, 1]) become s = +1, the rest −1.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true, MaximumExclusive = true)]
    public double Threshold { get; init; } = 0.5;

    /// <summary>Random ±1 patterns of N = 784 spins stored in a second network; 39 is P/N = 0.05, well inside the
    /// retrieval phase of the Hebbian rule.</summary>
    [ConfigRange(1, 392)]
    public int RandomPatterns { get; init; } = 39;

    /// <summary>Fraction of the bits of each stored pattern flipped (chosen independently) to make the cue.</summary>
    [ConfigRange(0, 0.5)]
    public double FlipFraction { get; init; } = 0.1;

    /// <summary>Storage rules compared; projection is the one that copes with the correlated images.</summary>
    public HopfieldStorage[] Rules { get; init; } = [HopfieldStorage.Hebbian, HopfieldStorage.Projection];

    /// <summary>Update scheme of eqs. 4.3–4.4; random asynchronous order is the one that is guaranteed to stop.</summary>
    public HopfieldUpdate Update { get; init; } = HopfieldUpdate.AsynchronousRandom;

    /// <summary>Sweep budget; recall from 10% noise takes a handful.</summary>
    [ConfigRange(1, 100_000)]
    public int MaxSweeps { get; init; } = 50;

    /// <summary>Patterns shown in each PNG strip (stored, corrupted, recalled); the overlaps cover all of them.</summary>
    [ConfigRange(1, 64)]
    public int Shown { get; init; } = 10;
}

/// <summary>
/// <c>hopfield.recall</c>: stores binarized Fashion-MNIST images and random patterns by each configured rule, corrupts
/// each stored pattern, runs the dynamics, and reports the overlap of the final state with its own pattern (eq. 4.12).
/// Writes a PNG strip per (patterns, rule) — stored, corrupted and recalled rows — and results.md.
/// </summary>
public static class HopfieldRecallExperiment
{
    /// <summary>The table written into the run directory.</summary>
    public const string TableFile = "recall.md";

    private const int Side = 28, Upscale = 3, Padding = 2;

    /// <summary>Runs every (patterns, rule) pair; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(HopfieldRecallConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Directory.ConfigFile;
        if (config.Rules.Length == 0)
            throw new ConfigException($"Config '{file}' at $.rules: expected at least one storage rule (\"hebbian\" or \"projection\"), got an empty list.", file, "$.rules");
        using var generator = new Generator(unchecked((ulong)context.Seed));
        var directory = context.Directory.Path;
        Directory.CreateDirectory(context.Directory.ImagesDirectory);
        var table = new StringBuilder();
        table.AppendLine("| patterns | N | P | P/N | rule | cue overlap | mean final overlap | min | recalled (m > 0.95) | sweeps (max) |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

        using var fashion = LoadFashion(config);
        using var random = SpinConfigurations.Random(config.RandomPatterns, Side * Side, generator);
        foreach (var (name, patterns) in new[] { ("fashion", fashion), ("random", random) })
        {
            foreach (var rule in config.Rules)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                using var network = HopfieldStorageRule.Store(rule, patterns);
                var flips = torch.bernoulli(torch.full(patterns.shape, config.FlipFraction, ScalarType.Float64), generator);
                var cue = patterns * (1 - flips * 2);   // each bit flipped with probability FlipFraction
                using var run = HopfieldDynamics.Run(network, cue, config.Update, config.MaxSweeps, generator);
                var cueOverlap = HopfieldNetwork.Overlaps(cue, patterns).diagonal().mean().ItemAs<double>();
                var final = HopfieldNetwork.Overlaps(run.States, patterns).diagonal().ToArray<double>();
                var row = Invariant($"| {name} | {patterns.size(1)} | {patterns.size(0)} | {patterns.size(0) / (double)patterns.size(1):F3} | {Label(rule)} | {cueOverlap:F3} | {final.Average():F4} | {final.Min():F4} | {final.Count(m => m > 0.95)}/{final.Length} | {run.ConvergedAfter.Max()} |");
                table.AppendLine(row);
                WriteStrip(Path.Combine(context.Directory.ImagesDirectory, $"recall-{name}-{Label(rule)}.png"), patterns, cue, run.States, config.Shown);
            }
        }
        AtomicFile.WriteAllText(Path.Combine(directory, TableFile), table.ToString());
        Console.Out.Write(table.ToString());
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>The configured number of test images, class by class, binarized to ±1: (P, 784) float64.</summary>
    private static Tensor LoadFashion(HopfieldRecallConfig config)
    {
        using var data = ImageDataset.FashionMnist(train: false);
        var labels = data.Labels.ToArray<long>();
        var byClass = Enumerable.Range(0, data.Classes).Select(c => Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray()).ToArray();
        var chosen = Enumerable.Range(0, config.Images).Select(j => (long)byClass[j % data.Classes][j / data.Classes]).ToArray();
        using var scope = torch.NewDisposeScope();
        var pixels = data.Images.index_select(0, torch.tensor(chosen)).to(ScalarType.Float64);   // (P, 784)
        return (pixels.gt(config.Threshold).to(ScalarType.Float64) * 2 - 1).MoveToOuterDisposeScope();
    }

    private static void WriteStrip(string path, Tensor stored, Tensor cue, Tensor recalled, int shown)
    {
        var count = (int)Math.Min(shown, stored.size(0));
        var tiles = new List<GrayImage>();
        foreach (var rows in new[] { stored, cue, recalled })
        {
            var values = rows.ToArray<double>();
            for (var k = 0; k < count; k++)
                tiles.Add(GrayImage.FromRange<double>(Side, Side, values.AsSpan(k * Side * Side, Side * Side), -1, 1));
        }
        PngEncoder.Write(path, ImageGrid.Tile(tiles, count, Padding, 128).Upscale(Upscale));
    }

    private static string Label(HopfieldStorage rule) => rule == HopfieldStorage.Hebbian ? "hebbian" : "projection";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
