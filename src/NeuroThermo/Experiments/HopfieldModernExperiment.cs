using System.Globalization;
using System.Text;
using NeuroThermo.Data;
using NeuroThermo.IO;
using NeuroThermo.Models.Hopfield;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>Hyper-parameters of <c>hopfield.modern</c>.</summary>
public sealed record HopfieldModernConfig
{
    /// <summary>Fashion-MNIST test images stored, class by class; 64 include several similar shirts, pullovers and
    /// coats, whose averages are the metastable states.</summary>
    [ConfigRange(2, 10_000)]
    public int Images { get; init; } = 64;

    /// <summary>Image rows, from the bottom, set to zero in the query (the half-image completion of Ramsauer et al.).</summary>
    [ConfigRange(0, 27)]
    public int MaskedRows { get; init; } = 14;

    /// <summary>Smallest β. Patterns are centred and scaled to unit length, so overlaps lie in [−1, 1] and β = 1 is
    /// already close to the global average.</summary>
    [ConfigRange(0, 1e9, MinimumExclusive = true)]
    public double BetaMin { get; init; } = 1;

    /// <summary>Largest β; distinct images of one class differ in overlap by ~0.01, so 10⁴ separates them.</summary>
    [ConfigRange(0, 1e9, MinimumExclusive = true)]
    public double BetaMax { get; init; } = 1e4;

    /// <summary>Points of the logarithmic β grid.</summary>
    [ConfigRange(2, 1000)]
    public int BetaPoints { get; init; } = 25;

    /// <summary>β values whose one-step results are drawn in the PNG strip.</summary>
    [ConfigRange(0, 1e9, MinimumExclusive = true)]
    public double[] ShownBetas { get; init; } = [1, 30, 300, 10_000];

    /// <summary>Queries drawn in the strip.</summary>
    [ConfigRange(1, 64)]
    public int Shown { get; init; } = 8;
}

/// <summary>
/// <c>hopfield.modern</c>: stores centred, unit-length Fashion-MNIST images in a modern Hopfield network, queries it with
/// the images' top halves, applies one update ξ ← X softmax(β Xᵀξ) for β on a log grid, and measures how many patterns
/// the softmax mixes (1/Σ p_μ²: P at small β, 1 at large β, in between metastable mixtures of similar images) and how
/// far ξ lands from its own image. It also checks, on these data in float64, that the update equals attention and
/// equals ξ − ∇E with ∇E from autograd.
/// </summary>
public static class HopfieldModernExperiment
{
    /// <summary>Files written into the run directory.</summary>
    public const string MixturePlot = "modern-mixture.svg", ErrorPlot = "modern-error.svg", TableFile = "modern.md", Strip = "modern-retrieval.png";

    private const int Side = 28;

    /// <summary>Runs the β sweep and the two identity checks; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(HopfieldModernConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Directory.ConfigFile;
        if (config.BetaMax <= config.BetaMin)
            throw new ConfigException(Invariant($"Config '{file}' at $.betaMax: {config.BetaMax} must exceed betaMin {config.BetaMin}."), file, "$.betaMax");
        using var scope = torch.NewDisposeScope();
        var patterns = LoadImages(config.Images);                                       // (P, d), unit rows
        var mask = torch.ones([Side, Side], ScalarType.Float64);
        if (config.MaskedRows > 0) mask[(Side - config.MaskedRows).., ..] = torch.zeros([config.MaskedRows, Side], ScalarType.Float64);
        var queries = patterns * mask.reshape(1, Side * Side);                          // (P, d): top parts only

        var betas = Enumerable.Range(0, config.BetaPoints)
            .Select(i => config.BetaMin * Math.Pow(config.BetaMax / config.BetaMin, i / (double)(config.BetaPoints - 1))).ToArray();
        var mixed = new double[betas.Length];
        var errors = new double[betas.Length];
        var correct = new double[betas.Length];
        var table = new StringBuilder();
        table.AppendLine("| β | patterns mixed, mean 1/Σp² | largest weight, mean | ‖ξ_new − x_own‖, mean | own image has the largest weight |");
        table.AppendLine("| --- | --- | --- | --- | --- |");
        for (var k = 0; k < betas.Length; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stepScope = torch.NewDisposeScope();
            using var network = new ModernHopfieldNetwork(patterns, betas[k]);
            var weights = network.Separation(queries);                                  // (P, P): row = query
            mixed[k] = (1 / (weights * weights).sum(1)).mean().ItemAs<double>();
            var largest = weights.max(1).values.mean().ItemAs<double>();
            errors[k] = (network.Update(queries) - patterns).norm(1).mean().ItemAs<double>();
            var own = weights.argmax(1).ToArray<long>();
            correct[k] = own.Where((winner, row) => winner == row).Count() / (double)own.Length;
            table.AppendLine(Invariant($"| {betas[k]:G3} | {mixed[k]:F2} | {largest:F3} | {errors[k]:F3} | {correct[k]:P0} |"));
        }

        // The two identities, at a β in the metastable range where neither side is trivially one-hot or uniform.
        var checkBeta = Math.Sqrt(config.BetaMin * config.BetaMax);
        using var checkNetwork = new ModernHopfieldNetwork(patterns, checkBeta);
        var attention = (checkNetwork.Update(queries) - ModernHopfieldNetwork.Attention(queries, patterns, patterns, checkBeta)).abs().max().ItemAs<double>();
        var leaf = queries.clone().requires_grad_();
        var gradient = Guarded.grad(checkNetwork.Energy(leaf).sum(), leaf);
        var gradientStep = (checkNetwork.Update(queries) - (queries - gradient)).abs().max().ItemAs<double>();
        table.AppendLine();
        table.AppendLine(Invariant($"At β = {checkBeta:G3}: max |update − softmax(β Q Kᵀ) V| = {attention:0.0E+0}; max |update − (ξ − ∇E_autograd)| = {gradientStep:0.0E+0} (float64)."));

        var directory = context.Directory.Path;
        var plots = context.Directory.PlotsDirectory;
        Directory.CreateDirectory(plots);
        new Plot { Title = "Modern Hopfield: patterns mixed by one update", XLabel = "β", YLabel = "1 / Σ_μ p_μ²", XScale = AxisScale.Log10, YScale = AxisScale.Log10 }
            .AddLine(betas, mixed, Invariant($"{config.Images} Fashion-MNIST images, top-half queries"))
            .WriteSvg(Path.Combine(plots, MixturePlot));
        new Plot { Title = "Modern Hopfield: distance of ξ_new from the query's own image", XLabel = "β", YLabel = "‖ξ_new − x_own‖", XScale = AxisScale.Log10 }
            .AddLine(betas, errors, "mean over queries")
            .WriteSvg(Path.Combine(plots, ErrorPlot));
        Directory.CreateDirectory(context.Directory.ImagesDirectory);
        WriteStrip(Path.Combine(context.Directory.ImagesDirectory, Strip), patterns, queries, config);
        AtomicFile.WriteAllText(Path.Combine(directory, TableFile), table.ToString());
        Console.Out.Write(table.ToString());
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Test images class by class, each centred and scaled to unit length: (P, 784) float64.</summary>
    private static Tensor LoadImages(int count)
    {
        using var data = ImageDataset.FashionMnist(train: false);
        var labels = data.Labels.ToArray<long>();
        var byClass = Enumerable.Range(0, data.Classes).Select(c => Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).ToArray()).ToArray();
        var chosen = Enumerable.Range(0, count).Select(j => (long)byClass[j % data.Classes][j / data.Classes]).ToArray();
        using var scope = torch.NewDisposeScope();
        var pixels = data.Images.index_select(0, torch.tensor(chosen)).to(ScalarType.Float64);   // (P, 784)
        var centred = pixels - pixels.mean([1], keepdim: true);
        return (centred / centred.norm(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>Rows: stored image, query, then ξ_new at each shown β; one column per query.</summary>
    private static void WriteStrip(string path, Tensor patterns, Tensor queries, HopfieldModernConfig config)
    {
        using var scope = torch.NewDisposeScope();
        var count = (int)Math.Min(config.Shown, patterns.size(0));
        var rows = new List<Tensor> { patterns[..count], queries[..count] };
        foreach (var beta in config.ShownBetas)
        {
            using var network = new ModernHopfieldNetwork(patterns, beta);
            rows.Add(network.Update(queries[..count]));
        }
        var tiles = new List<GrayImage>();
        foreach (var row in rows)
        {
            var values = row.ToArray<double>();
            for (var k = 0; k < count; k++)
                tiles.Add(GrayImage.Normalized<double>(Side, Side, values.AsSpan(k * Side * Side, Side * Side)));
        }
        PngEncoder.Write(path, ImageGrid.Tile(tiles, count, 2, 128).Upscale(3));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
