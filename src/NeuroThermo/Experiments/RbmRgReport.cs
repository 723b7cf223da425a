using System.Globalization;
using System.Text;
using NeuroThermo.Models.Rbm;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>The plots, image grids, progress lines and summary table of <c>rbm.rg</c>.</summary>
public static class RbmRgReport
{
    /// <summary>Plots written under plots/.</summary>
    public const string DistancePlot = "coupling-vs-distance.svg", NearestPlot = "nn-coupling-vs-beta.svg", ScanPlot = "multi-spin-scan.svg";

    /// <summary>Tiles per row of the image grids.</summary>
    private const int Columns = 10;

    /// <summary>Pixels per lattice site in the image grids.</summary>
    private const int Zoom = 8;

    /// <summary>"T2.269": the temperature as it appears in file names and labels.</summary>
    public static string TemperatureLabel(double temperature) => string.Create(CultureInfo.InvariantCulture, $"T{temperature:0.###}");

    /// <summary>One progress line per temperature.</summary>
    public static string Line(RbmRgPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"T = {p.Temperature:0.###} (βJ = {p.InverseTemperature:F3}): nearest-neighbour J_eff {p.Shells[0].Exact:F3} exact, {p.Shells[0].Expansion:F3} second order; next-nearest {p.Shells[1].Exact:F3}; ⟨s s⟩_nn data {p.NearestNeighbourCorrelation:F3}, model {p.ModelCorrelation:F3}; trained in {p.TrainSeconds:F0} s");

    /// <summary>Filters (the weights into the first hidden units), training configurations and long-chain samples, as L × L spin images.</summary>
    public static void WriteImages(RunDirectory run, string label, int size, RestrictedBoltzmannMachine machine, Tensor data, Tensor samples, int shown)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(machine);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var n = size * size;
        var filters = machine.Weights.detach().t().narrow(0, 0, Math.Min(shown, machine.HiddenCount)).to(ScalarType.Float32).contiguous();   // (V, H) -> (k, V)
        var filterValues = filters.ToArray<float>();
        WriteGrid(run, $"filters-{label}.png", Enumerable.Range(0, (int)filters.size(0))
            .Select(k => GrayImage.Normalized<float>(size, size, filterValues.AsSpan(k * n, n))).ToList());
        foreach (var (rows, name) in new[] { (data, "data"), (samples, "samples") })
        {
            var shownRows = (int)Math.Min(shown, rows.size(0));
            var values = rows.narrow(0, 0, shownRows).to(ScalarType.Float32).contiguous().ToArray<float>();
            WriteGrid(run, $"{name}-{label}.png", Enumerable.Range(0, shownRows)
                .Select(k => GrayImage.FromRange<float>(size, size, values.AsSpan(k * n, n), -1f, 1f)).ToList());
        }
    }

    private static void WriteGrid(RunDirectory run, string file, List<GrayImage> tiles) =>
        PngEncoder.Write(Path.Combine(run.ImagesDirectory, file), ImageGrid.Tile(tiles, Columns, padding: 1, paddingValue: 128).Upscale(Zoom));

    /// <summary>J_eff against distance per temperature, nearest-neighbour J_eff against βJ, and the multi-spin scan.</summary>
    public static void WritePlots(RbmRgConfig config, RunDirectory run, IReadOnlyList<RbmRgPoint> points, IReadOnlyList<RbmRgScanPoint> scan)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        var distance = new Plot { Title = $"Learned effective couplings on the {config.Size}×{config.Size} torus", XLabel = "pair distance r", YLabel = "mean J_eff over pairs at r" };
        foreach (var p in points)
        {
            var r = p.Shells.Select(s => s.Distance).ToArray();
            distance.Add(r, p.Shells.Select(s => s.Exact).ToArray(), $"{TemperatureLabel(p.Temperature)} exact (Walsh)", SeriesStyle.LineAndMarkers, p.Shells.Select(s => s.ExactError).ToArray());
            distance.Add(r, p.Shells.Select(s => s.Expansion).ToArray(), $"{TemperatureLabel(p.Temperature)} second order", SeriesStyle.Markers);
        }
        distance.WriteSvg(Path.Combine(run.PlotsDirectory, DistancePlot));

        var beta = points.Select(p => p.InverseTemperature).ToArray();
        new Plot { Title = "Nearest-neighbour J_eff against the true βJ", XLabel = "βJ", YLabel = "J_eff" }
            .Add(beta, points.Select(p => p.Shells[0].Exact).ToArray(), "nearest neighbours, exact (Walsh)", SeriesStyle.LineAndMarkers)
            .Add(beta, points.Select(p => p.Shells[0].Expansion).ToArray(), "nearest neighbours, second order", SeriesStyle.Markers)
            .Add(beta, points.Select(p => p.Shells[1].Exact).ToArray(), "next-nearest, exact (Walsh)", SeriesStyle.LineAndMarkers)
            .AddLine(beta, beta, "true βJ")
            .WriteSvg(Path.Combine(run.PlotsDirectory, NearestPlot));

        var scales = scan.Select(s => s.WeightScale).ToArray();
        var zero = scan.Select(s => RbmRenormalization.MultiSpinRatio(s.NormsZeroBias)).ToArray();
        var biased = scan.Select(s => RbmRenormalization.MultiSpinRatio(s.NormsWithBias)).ToArray();
        new Plot
        {
            Title = $"Multi-spin part of E_eff, random RBMs ({config.ScanVisible} visible, {config.ScanHidden} hidden)",
            XLabel = "weight scale σ", YLabel = "‖J(≥3 spins)‖ / ‖J(pairs)‖", XScale = AxisScale.Log10, YScale = AxisScale.Log10,
        }
            .Add(scales, zero, "b = 0", SeriesStyle.LineAndMarkers)
            .Add(scales, biased, string.Create(CultureInfo.InvariantCulture, $"b = {config.ScanHiddenBias}"), SeriesStyle.LineAndMarkers)
            .AddLine(scales, scales.Select(s => zero[0] * Math.Pow(s / scales[0], 2)).ToArray(), "∝ σ² (four-spin terms)")
            .AddLine(scales, scales.Select(s => biased[0] * (s / scales[0])).ToArray(), "∝ σ (three-spin terms)")
            .WriteSvg(Path.Combine(run.PlotsDirectory, ScanPlot));
    }

    /// <summary>The markdown summary: the coupling table by temperature and shell, and the scan's slopes.</summary>
    public static string Summary(RbmRgConfig config, IReadOnlyList<RbmRgPoint> points, IReadOnlyList<RbmRgScanPoint> scan)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = new StringBuilder();
        var n = config.Size * config.Size;
        var how = n <= RbmRenormalization.MaxExactSpins ? "the full Walsh transform over all 2^N states"
            : $"the Walsh transform's pair coefficients sampled over {config.TransformSamples} uniform configurations (± one standard error)";
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"rbm.rg: {config.Size}×{config.Size} periodic Ising model (J = 1), {config.Samples} Wolff samples per temperature; {n} × {config.Hidden} spin RBM, {(config.Persistent ? "PCD" : "CD")}-{config.GibbsSteps}, {config.Epochs} epochs, ε = {config.LearningRate}."));
        text.AppendLine($"Exact couplings from {how}; second order from eq. 4.51, J_ik = Σ_j sech²(b_j) W_ij W_kj.");
        text.AppendLine();
        text.AppendLine("| T | βJ | J_eff nn (exact) | J_eff nn (2nd order) | nn / βJ | J_eff nnn (exact) | mean |J_eff| farther (exact) | ⟨ss⟩_nn data | ⟨ss⟩_nn model | multi-spin ratio |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var p in points)
        {
            var farther = p.Shells.Skip(2).ToList();
            var farMean = farther.Sum(s => s.Pairs * Math.Abs(s.Exact)) / Math.Max(1, farther.Sum(s => s.Pairs));
            var (nn, nnn) = (p.Shells[0], p.Shells[1]);
            var ratio = p.MultiSpinRatio is { } m ? m.ToString("F3", CultureInfo.InvariantCulture) : "—";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Temperature:0.###} | {p.InverseTemperature:F3} | {nn.Exact:F3} ± {nn.ExactError:0.0E+0} | {nn.Expansion:F3} (spread {nn.ExpansionSpread:F3}) | {nn.Exact / p.InverseTemperature:F2} | {nnn.Exact:F3} ± {nnn.ExactError:0.0E+0} | {farMean:F3} | {p.NearestNeighbourCorrelation:F3} | {p.ModelCorrelation:F3} | {ratio} |"));
        }
        text.AppendLine();
        text.AppendLine("Couplings by distance (exact / second order), one row per temperature:");
        text.AppendLine();
        var shells = points[0].Shells;
        text.AppendLine("| T | " + string.Join(" | ", shells.Select(s => string.Create(CultureInfo.InvariantCulture, $"r = {s.Distance:0.###} ({s.Pairs})"))) + " |");
        text.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" --- |", shells.Count)));
        foreach (var p in points)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {p.Temperature:0.###} | ") +
                string.Join(" | ", p.Shells.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Exact:F3} / {s.Expansion:F3}"))) + " |");
        text.AppendLine();
        if (scan.Count >= 2)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Multi-spin scan ({config.ScanVisible} visible, {config.ScanHidden} hidden, exact transform): ‖J(≥3)‖/‖J(2)‖ against σ"));
            text.AppendLine();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| σ | b = 0 | b = {config.ScanHiddenBias} |"));
            text.AppendLine("| --- | --- | --- |");
            foreach (var s in scan)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {s.WeightScale:0.###} | {RbmRenormalization.MultiSpinRatio(s.NormsZeroBias):0.000E+0} | {RbmRenormalization.MultiSpinRatio(s.NormsWithBias):0.000E+0} |"));
            var (first, second) = (scan[0], scan[1]);
            var run = Math.Log(second.WeightScale / first.WeightScale);
            text.AppendLine();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Log-log slope between the two smallest σ: {Math.Log(RbmRenormalization.MultiSpinRatio(second.NormsZeroBias) / RbmRenormalization.MultiSpinRatio(first.NormsZeroBias)) / run:F2} at b = 0 (expansion: 2), {Math.Log(RbmRenormalization.MultiSpinRatio(second.NormsWithBias) / RbmRenormalization.MultiSpinRatio(first.NormsWithBias)) / run:F2} at b = {config.ScanHiddenBias} (expansion: 1)."));
        }
        return text.ToString();
    }
}
