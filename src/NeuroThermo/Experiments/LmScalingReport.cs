using System.Globalization;
using System.Text.Json;
using NeuroThermo.IO;
using NeuroThermo.Reports;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>Writes the points and fit of <c>lm.scaling</c> as a log–log plot and scaling.json, and prints them.</summary>
internal static class LmScalingReport
{
    // The fitted line runs a little past the outermost points, so that both ends are visible.
    private const double LineMargin = 1.5;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void Write(LmScalingConfig config, IReadOnlyList<LmScalingPoint> points, PowerLawFit fit, long budget, RunContext context)
    {
        var sizes = points.Select(p => (double)p.NonEmbeddingParameters).ToArray();
        var losses = points.Select(p => p.ValidationLoss).ToArray();
        var (low, high) = (sizes.Min() / LineMargin, sizes.Max() * LineMargin);
        var partial = points.Count < config.Sizes.Length ? $" ({points.Count} of {config.Sizes.Length} sizes)" : "";
        var line = Enumerable.Range(0, 50).Select(i => low * Math.Pow(high / low, i / 49.0)).ToArray();
        new Plot
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"L(N) = (N_c/N)^α_N, α_N = {fit.Exponent:F3} ± {fit.ExponentError:F3}{partial}"),
            XLabel = string.Create(CultureInfo.InvariantCulture, $"non-embedding parameters N ({budget:N0} training tokens each)"),
            YLabel = "final validation loss L (nats/token)",
            XScale = AxisScale.Log10,
            YScale = AxisScale.Log10,
        }
            .AddScatter(sizes, losses, "trained models")
            .AddLine(line, line.Select(fit.Predict).ToArray(), string.Create(CultureInfo.InvariantCulture, $"fit, N_c = {fit.Scale:G3}"))
            .WriteSvg(Path.Combine(context.Directory.PlotsDirectory, LmScalingExperiment.PlotFile));

        var results = new
        {
            convention = "N counts every parameter except the token and position embeddings (and an untied output layer), as Kaplan et al. (2020)",
            sizesFitted = points.Count,
            sizesPlanned = config.Sizes.Length,
            tokensPerModel = budget,
            steps = config.Train.Steps,
            batchSize = config.Train.BatchSize,
            contextLength = config.Train.ContextLength,
            points,
            fit = new
            {
                alphaN = fit.Exponent,
                alphaNError = fit.ExponentError,
                nC = fit.Scale,
                lnNC = fit.LogScale,
                lnNCError = fit.LogScaleError,
                residualStandardDeviation = fit.ResidualStandardDeviation,
                points = fit.PointCount,
            },
        };
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, LmScalingExperiment.ResultsFile), JsonSerializer.Serialize(results, Json));

        context.Progress.WriteLine("        size          N   total params   val loss   fit");
        foreach (var p in points)
            context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Label,12} {p.NonEmbeddingParameters,10:N0} {p.TotalParameters,14:N0} {p.ValidationLoss,10:F4} {fit.Predict(p.NonEmbeddingParameters),9:F4}"));
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"α_N = {fit.Exponent:F4} ± {fit.ExponentError:F4}{partial}, ln N_c = {fit.LogScale:F2} ± {fit.LogScaleError:F2} (N_c = {fit.Scale:G3}), residual SD of ln L {fit.ResidualStandardDeviation:G3}, over N = {sizes.Min():N0} … {sizes.Max():N0}"));
    }
}
