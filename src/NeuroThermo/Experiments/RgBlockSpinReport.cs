using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuroThermo.IO;
using NeuroThermo.Renormalization;
using NeuroThermo.Reports;
using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Experiments;

/// <summary>The tables, images, plots and results.json of <c>rg.blockspin</c>.</summary>
public static class RgBlockSpinReport
{
    /// <summary>Images are enlarged to at least this many pixels across.</summary>
    private const int ImagePixels = 256;

    // Grey between the panels of an image row, so that the black and white spins keep their edges.
    private const byte PanelPadding = 128;

    /// <summary>images/blocks-T{T}.png, plots/magnetization-b{b}.svg, plots/blocked-binder.svg and results.json.</summary>
    public static void Write(RgBlockSpinResult result, RgBlockSpinConfig config, RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(run.ImagesDirectory);
        Directory.CreateDirectory(run.PlotsDirectory);
        foreach (var point in result.Points)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"blocks-T{point.Temperature:F3}.png");
            PngEncoder.Write(Path.Combine(run.ImagesDirectory, name), SnapshotRow(result.Size, result.BlockSizes, point.Snapshot));
        }
        foreach (var distribution in result.Distributions) MagnetizationPlot(distribution, config.HistogramBins)
            .WriteSvg(Path.Combine(run.PlotsDirectory, $"magnetization-b{distribution.BlockSize}.svg"));
        BinderPlot(result).WriteSvg(Path.Combine(run.PlotsDirectory, "blocked-binder.svg"));
        AtomicFile.WriteAllText(Path.Combine(run.Path, RgBlockSpinExperiment.ResultsFile), ToJson(result, config.HistogramBins));
    }

    /// <summary>The original configuration and its blockings side by side, each enlarged to the same width (up white).</summary>
    public static GrayImage SnapshotRow(int size, IReadOnlyList<int> blockSizes, BlockSpinSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(blockSizes);
        ArgumentNullException.ThrowIfNull(snapshot);
        var scale = Math.Max(1, ImagePixels / size);
        var panels = new List<GrayImage> { Panel(size, snapshot.Original).Upscale(scale) };
        for (var i = 0; i < blockSizes.Count; i++) panels.Add(Panel(size / blockSizes[i], snapshot.Blocked[i]).Upscale(scale * blockSizes[i]));
        return ImageGrid.Tile(panels, panels.Count, 2, PanelPadding);
    }

    private static GrayImage Panel(int side, sbyte[] spins) =>
        GrayImage.FromUnitInterval<double>(side, side, spins.Select(s => (s + 1) / 2.0).ToArray());

    /// <summary>The markdown tables: ξ before and after blocking at each T, and the blocked magnetization at T_c.</summary>
    public static string Table(RgBlockSpinResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Correlation lengths before and after majority-rule blocking, L = {result.Size}, in units of each lattice's own spacing; ratio = b·ξ'/ξ (1 if ξ → ξ/b, b if blocking left ξ unchanged), jackknifed over the same bins."));
        text.AppendLine();
        text.AppendLine("| T | samples | b | length | ξ | ξ' | b·ξ'/ξ | (ratio − 1)/σ | (ratio − b)/σ |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var point in result.Points)
        {
            var temperature = point.Critical ? Invariant($"{point.Temperature:F4} (T_c)") : Invariant($"{point.Temperature:F4}");
            foreach (var blocking in point.Blockings)
            {
                if (blocking.Exponential is { } exponential)
                    Row(text, temperature, point.Samples, blocking.BlockSize,
                        Invariant($"exponential, r ∈ [{blocking.BlockSize * blocking.FitStart}, {blocking.BlockSize * blocking.FitEnd}]"), exponential);
                // Away from T_c, χ(0)/χ(2π/L) − 1 ≈ (2πξ/L)² is below 1 % and lost in the noise of the two χ: ξ₂ is shown only at T_c.
                if (point.Critical) Row(text, temperature, point.Samples, blocking.BlockSize, "second moment ξ₂", blocking.SecondMoment);
            }
        }
        text.AppendLine();
        text.AppendLine("At T_c (Wolff), ξ₂/L before and after blocking (the same ratio):");
        text.AppendLine();
        text.AppendLine("| b | ξ₂/L | ξ₂'/L' |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var point in result.Points.Where(p => p.Critical))
            foreach (var blocking in point.Blockings)
                text.AppendLine(Invariant($"| {blocking.BlockSize} | {Format(Scaled(blocking.SecondMoment.Original, 1.0 / result.Size))} | {Format(Scaled(blocking.SecondMoment.Blocked, (double)blocking.BlockSize / result.Size))} |"));
        text.AppendLine();
        text.AppendLine("Block magnetization m' at T_c after blocking L down to L' by b, k times; TV = total-variation distance of P(m') to the next larger L, floor = its expected value for two samples of one distribution:");
        text.AppendLine();
        text.AppendLine("| b | L | k | L' | samples | U₄' | TV to next L | noise floor |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var distribution in result.Distributions)
        {
            for (var i = 0; i < distribution.Sizes.Count; i++)
            {
                var m = distribution.Sizes[i];
                var distance = i < distribution.Distances.Count
                    ? Invariant($"{distribution.Distances[i].Distance:F4} | {distribution.Distances[i].NoiseFloor:F4}")
                    : "— | —";
                text.AppendLine(Invariant($"| {distribution.BlockSize} | {m.Size} | {m.Steps} | {m.BlockedSize} | {m.Magnetization.Length} | {Format(m.Binder)} | {distance} |"));
            }
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, string temperature, int samples, int b, string length, CorrelationLengthPair pair) =>
        text.AppendLine(Invariant(
            $"| {temperature} | {samples} | {b} | {length} | {Format(pair.Original)} | {Format(pair.Blocked)} | {Format(pair.Ratio)} | {pair.StandardErrorsFromRescaled:F1} | {pair.StandardErrorsFromUnchanged(b):F1} |"));

    private static Estimate Scaled(Estimate estimate, double factor) =>
        estimate with { Mean = estimate.Mean * factor, StandardError = estimate.StandardError * factor };

    private static string Format(Estimate e)
    {
        var digits = e.StandardError > 0 && double.IsFinite(e.StandardError) ? Math.Clamp(1 - (int)Math.Floor(Math.Log10(e.StandardError)), 0, 8) : 4;
        var format = "F" + digits.ToString(CultureInfo.InvariantCulture);
        return $"{e.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {e.StandardError.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Plot MagnetizationPlot(BlockSpinDistribution distribution, int bins)
    {
        var centres = Enumerable.Range(0, bins).Select(i => -1 + (2 * i + 1.0) / bins).ToArray();
        var plot = new Plot
        {
            Title = $"P(m') at T_c, blocked by b = {distribution.BlockSize} down to L' = {distribution.Sizes[0].BlockedSize}",
            XLabel = "m' (block magnetization)", YLabel = "fraction of configurations",
        };
        foreach (var m in distribution.Sizes)
            plot.AddLine(centres, m.Histogram(bins), m.Steps == 0 ? $"L = {m.Size} (unblocked)" : $"L = {m.Size}, {m.Steps} step{(m.Steps > 1 ? "s" : "")}");
        return plot;
    }

    private static Plot BinderPlot(RgBlockSpinResult result)
    {
        var plot = new Plot { Title = "Blocked Binder cumulant at T_c", XLabel = "L before blocking", YLabel = "U₄' of the L' lattice", XScale = AxisScale.Log10 };
        foreach (var distribution in result.Distributions)
            plot.AddScatter(distribution.Sizes.Select(m => (double)m.Size).ToArray(), distribution.Sizes.Select(m => m.Binder.Mean).ToArray(),
                $"b = {distribution.BlockSize}", distribution.Sizes.Select(m => m.Binder.StandardError).ToArray());
        return plot;
    }

    private static string ToJson(RgBlockSpinResult result, int bins)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("size", result.Size);
            json.WriteStartArray("temperatures");
            foreach (var point in result.Points)
            {
                json.WriteStartObject();
                json.WriteNumber("temperature", point.Temperature);
                json.WriteBoolean("critical", point.Critical);
                json.WriteNumber("samples", point.Samples);
                json.WriteStartArray("blockings");
                foreach (var blocking in point.Blockings)
                {
                    json.WriteStartObject();
                    json.WriteNumber("blockSize", blocking.BlockSize);
                    Pair(json, "secondMoment", blocking.SecondMoment);
                    if (blocking.Exponential is { } exponential)
                    {
                        Pair(json, "exponential", exponential);
                        json.WriteNumber("fitStartBlocked", blocking.FitStart);
                        json.WriteNumber("fitEndBlocked", blocking.FitEnd);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("magnetizationDistributions");
            foreach (var distribution in result.Distributions)
            {
                json.WriteStartObject();
                json.WriteNumber("blockSize", distribution.BlockSize);
                json.WriteStartArray("sizes");
                for (var i = 0; i < distribution.Sizes.Count; i++)
                {
                    var m = distribution.Sizes[i];
                    json.WriteStartObject();
                    json.WriteNumber("size", m.Size);
                    json.WriteNumber("steps", m.Steps);
                    json.WriteNumber("blockedSize", m.BlockedSize);
                    json.WriteNumber("samples", m.Magnetization.Length);
                    Number(json, "binder", m.Binder.Mean);
                    Number(json, "binderError", m.Binder.StandardError);
                    json.WriteStartArray("histogram");
                    foreach (var p in m.Histogram(bins)) json.WriteNumberValue(p);
                    json.WriteEndArray();
                    if (i < distribution.Distances.Count)
                    {
                        json.WriteNumber("totalVariationToNext", distribution.Distances[i].Distance);
                        json.WriteNumber("noiseFloor", distribution.Distances[i].NoiseFloor);
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Pair(Utf8JsonWriter json, string name, CorrelationLengthPair pair)
    {
        json.WriteStartObject(name);
        Number(json, "original", pair.Original.Mean);
        Number(json, "originalError", pair.Original.StandardError);
        Number(json, "blocked", pair.Blocked.Mean);
        Number(json, "blockedError", pair.Blocked.StandardError);
        Number(json, "ratio", pair.Ratio.Mean);
        Number(json, "ratioError", pair.Ratio.StandardError);
        json.WriteEndObject();
    }

    // JSON has no NaN: a failed fit is written as null.
    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
