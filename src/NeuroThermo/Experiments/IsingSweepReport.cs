using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuroThermo.IO;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Reports;
using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Experiments;

/// <summary>Plots (with error bars and the L → ∞ exact curves), lattice snapshots, results.json and a printed summary of <c>ising.sweep</c>.</summary>
internal static class IsingSweepReport
{
    /// <summary>Points of the exact curves: enough that the cusp of Onsager's C at T_c looks sharp.</summary>
    private const int ExactCurvePoints = 301;

    /// <summary>Snapshot images are enlarged to at least this many pixels across, so that small lattices stay visible.</summary>
    private const int SnapshotPixels = 256;

    /// <summary>The results file's name in the run directory.</summary>
    public const string ResultsFile = "results.json";

    /// <summary>images/snapshot-L{L}-T{T}.png: chain 0's spins, up white and down black.</summary>
    public static void WriteSnapshot(ISquareIsingChains chains, double temperature, string imagesDirectory)
    {
        Directory.CreateDirectory(imagesDirectory);
        var spins = chains.Lattice(0).Select(s => (s + 1) / 2).ToArray();   // ±1 -> 0, 1
        var image = GrayImage.FromUnitInterval<double>(chains.Size, chains.Size, spins).Upscale(Math.Max(1, SnapshotPixels / chains.Size));
        var name = string.Create(CultureInfo.InvariantCulture, $"snapshot-L{chains.Size}-T{temperature:F3}.png");
        PngEncoder.Write(Path.Combine(imagesDirectory, name), image);
    }

    /// <summary>plots/*.svg and results.json.</summary>
    public static void Write(IsingSweepResult result, RunDirectory run)
    {
        Directory.CreateDirectory(run.PlotsDirectory);
        var temperatures = result.Points.Select(p => p.Temperature).Distinct().Order().ToArray();
        var fine = Enumerable.Range(0, ExactCurvePoints)
            .Select(i => temperatures[0] + (temperatures[^1] - temperatures[0]) * i / (ExactCurvePoints - 1)).ToArray();
        ObservablePlot(result, "energy.svg", "Energy per spin", "e = E/N", p => p.Energy,
            ("Onsager, L → ∞", fine, fine.Select(t => OnsagerSolution.InternalEnergyPerSite(1 / t)).ToArray())).WriteSvg(Path.Combine(run.PlotsDirectory, "energy.svg"));
        ObservablePlot(result, "magnetization.svg", "Magnetisation", "⟨|m|⟩", p => p.AbsoluteMagnetization,
            ("Yang, L → ∞", fine, fine.Select(t => OnsagerSolution.SpontaneousMagnetization(1 / t)).ToArray())).WriteSvg(Path.Combine(run.PlotsDirectory, "magnetization.svg"));
        ObservablePlot(result, "heat-capacity.svg", "Specific heat", "C = β²N Var(e)", p => p.HeatCapacity,
            ("Onsager, L → ∞", fine, fine.Select(t => OnsagerSolution.HeatCapacityPerSite(1 / t)).Select(c => double.IsFinite(c) ? c : double.NaN).ToArray()))
            .WriteSvg(Path.Combine(run.PlotsDirectory, "heat-capacity.svg"));
        ObservablePlot(result, "susceptibility.svg", "Susceptibility", "χ' = βN(⟨m²⟩ − ⟨|m|⟩²)", p => p.Susceptibility, null)
            .WriteSvg(Path.Combine(run.PlotsDirectory, "susceptibility.svg"));
        var binder = ObservablePlot(result, "binder.svg", "Binder cumulant", "U₄ = 1 − ⟨m⁴⟩/3⟨m²⟩²", p => p.Binder, null);
        if (result.Crossing is { } crossing)
        {
            var tc = crossing.Combined.Mean;
            binder.AddLine([tc, tc], [0, 2.0 / 3], $"crossing T = {Format(crossing.Combined)}");
        }
        binder.WriteSvg(Path.Combine(run.PlotsDirectory, "binder.svg"));
        if (result.PeakScaling is { } fit && result.SusceptibilityPeaks.Count >= 2)
        {
            var sizes = result.SusceptibilityPeaks.Select(p => (double)p.Size).ToArray();
            new Plot { Title = "Height of the χ' peak", XLabel = "L", YLabel = "χ'_max", XScale = AxisScale.Log10, YScale = AxisScale.Log10 }
                .AddScatter(sizes, result.SusceptibilityPeaks.Select(p => p.Peak.Mean).ToArray(), "Monte Carlo",
                    result.SusceptibilityPeaks.Select(p => p.Peak.StandardError).ToArray())
                .AddLine(sizes, sizes.Select(l => fit.Amplitude.Mean * Math.Pow(l, fit.Exponent.Mean)).ToArray(), $"fit: γ/ν = {Format(fit.Exponent)}")
                .WriteSvg(Path.Combine(run.PlotsDirectory, "susceptibility-peaks.svg"));
        }
        if (result.Autocorrelations.Count > 0)
        {
            var sizes = result.Autocorrelations.Select(a => (double)a.Size).ToArray();
            new Plot { Title = "τ_int of |m| at T_c", XLabel = "L", YLabel = "τ_int (sweeps)", XScale = AxisScale.Log10, YScale = AxisScale.Log10 }
                .AddScatter(sizes, result.Autocorrelations.Select(a => a.MetropolisTau).ToArray(), "Metropolis")
                .AddScatter(sizes, result.Autocorrelations.Select(a => a.WolffTauSweeps).ToArray(), "Wolff (updates × ⟨|C|⟩/N)")
                .WriteSvg(Path.Combine(run.PlotsDirectory, "autocorrelation.svg"));
        }
        AtomicFile.WriteAllText(Path.Combine(run.Path, ResultsFile), ToJson(result));
    }

    private static Plot ObservablePlot(IsingSweepResult result, string file, string title, string axis, Func<IsingSweepPoint, Estimate> select,
        (string Label, double[] T, double[] Values)? exact)
    {
        var plot = new Plot { Title = title, XLabel = "T", YLabel = axis };
        foreach (var group in result.Points.GroupBy(p => p.Size))
        {
            var ordered = group.OrderBy(p => p.Temperature).ToArray();
            plot.AddScatter(ordered.Select(p => p.Temperature).ToArray(), ordered.Select(p => select(p).Mean).ToArray(), $"L = {group.Key}",
                ordered.Select(p => select(p).StandardError).Select(e => double.IsFinite(e) ? e : double.NaN).ToArray());
        }
        if (exact is { } curve) plot.AddLine(curve.T, curve.Values, curve.Label);
        return plot;
    }

    /// <summary>The printed summary: T_c, γ/ν, the exact comparisons and the autocorrelation times.</summary>
    public static void Print(IsingSweepResult result, Action<string> line)
    {
        line($"backend: {result.Backend}");
        if (result.Crossing is { } crossing)
        {
            foreach (var pair in crossing.Pairs)
                line($"U₄ crossing L = {pair.SmallerSize}, {pair.LargerSize}: T = {Format(pair.Temperature)}, U* = {Format(pair.Cumulant)}");
            var exactTc = OnsagerSolution.CriticalTemperature();
            line(string.Create(CultureInfo.InvariantCulture,
                $"T_c from Binder crossings: {Format(crossing.Combined)} (exact {exactTc:F6}, off by {100 * Math.Abs(crossing.Combined.Mean / exactTc - 1):F2} %), pair χ²/dof = {crossing.PairChiSquarePerDegreeOfFreedom:F2}"));
        }
        else
        {
            line($"T_c from Binder crossings: undetermined: {result.CrossingFailure}");
        }
        foreach (var (size, peak) in result.SusceptibilityPeaks) line($"χ'_max(L = {size}) = {Format(peak)}");
        if (result.PeakScaling is { } fit)
            line(string.Create(CultureInfo.InvariantCulture, $"γ/ν from χ'_max ∝ L^(γ/ν): {Format(fit.Exponent)} (exact 7/4 = 1.75, off by {100 * Math.Abs(fit.Exponent.Mean / 1.75 - 1):F1} %), χ²/dof = {fit.ChiSquarePerDegreeOfFreedom:F2}"));
        foreach (var c in result.Comparisons)
            line(string.Create(CultureInfo.InvariantCulture, $"L = {c.Size}, T = {c.Temperature}: {c.Quantity} = {Format(c.Measured)} vs exact {c.Exact:F6}: {c.StandardErrors:F2} standard errors"));
        foreach (var a in result.Autocorrelations)
            line(string.Create(CultureInfo.InvariantCulture,
                $"τ_int(|m|) at T_c, L = {a.Size}: Metropolis {a.MetropolisTau:F1} sweeps; Wolff {a.WolffTauUpdates:F2} updates × ⟨|C|⟩/N = {a.WolffClusterFraction:F3} → {a.WolffTauSweeps:F2} sweeps"));
    }

    private static string Format(Estimate e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.Mean:G6} ± {e.StandardError:G2}");

    /// <summary>results.json: every point, the crossing, the peaks and their fit, the autocorrelation times and the exact comparisons.</summary>
    public static string ToJson(IsingSweepResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("backend", result.Backend);
            json.WriteStartArray("points");
            foreach (var p in result.Points)
            {
                json.WriteStartObject();
                json.WriteNumber("size", p.Size);
                json.WriteNumber("temperature", p.Temperature);
                WriteEstimate(json, "m", p.Magnetization);
                WriteEstimate(json, "absM", p.AbsoluteMagnetization);
                WriteEstimate(json, "e", p.Energy);
                WriteEstimate(json, "c", p.HeatCapacity);
                WriteEstimate(json, "chi", p.Susceptibility);
                WriteEstimate(json, "u4", p.Binder);
                WriteNumber(json, "tauAbsM", p.TauAbsoluteMagnetization);
                WriteNumber(json, "tauE", p.TauEnergy);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (result.Crossing is { } crossing)
            {
                json.WriteStartObject("binderCrossing");
                WriteEstimate(json, "criticalTemperature", crossing.Combined);
                WriteNumber(json, "pairChiSquarePerDof", crossing.PairChiSquarePerDegreeOfFreedom);
                json.WriteStartArray("pairs");
                foreach (var pair in crossing.Pairs)
                {
                    json.WriteStartObject();
                    json.WriteNumber("smaller", pair.SmallerSize);
                    json.WriteNumber("larger", pair.LargerSize);
                    WriteEstimate(json, "temperature", pair.Temperature);
                    WriteEstimate(json, "cumulant", pair.Cumulant);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (result.CrossingFailure is { } failure) json.WriteString("binderCrossingFailure", failure);
            json.WriteStartArray("susceptibilityPeaks");
            foreach (var (size, peak) in result.SusceptibilityPeaks)
            {
                json.WriteStartObject();
                json.WriteNumber("size", size);
                WriteEstimate(json, "peak", peak);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (result.PeakScaling is { } fit)
            {
                json.WriteStartObject("gammaOverNu");
                WriteEstimate(json, "exponent", fit.Exponent);
                WriteNumber(json, "chiSquarePerDof", fit.ChiSquarePerDegreeOfFreedom);
                json.WriteEndObject();
            }
            json.WriteStartArray("autocorrelationAtTc");
            foreach (var a in result.Autocorrelations)
            {
                json.WriteStartObject();
                json.WriteNumber("size", a.Size);
                WriteNumber(json, "metropolisTauSweeps", a.MetropolisTau);
                WriteNumber(json, "wolffTauUpdates", a.WolffTauUpdates);
                WriteNumber(json, "wolffClusterFraction", a.WolffClusterFraction);
                WriteNumber(json, "wolffTauSweeps", a.WolffTauSweeps);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("exactComparisons");
            foreach (var c in result.Comparisons)
            {
                json.WriteStartObject();
                json.WriteNumber("size", c.Size);
                json.WriteNumber("temperature", c.Temperature);
                json.WriteString("quantity", c.Quantity);
                WriteEstimate(json, "measured", c.Measured);
                WriteNumber(json, "exact", c.Exact);
                WriteNumber(json, "standardErrors", c.StandardErrors);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteEstimate(Utf8JsonWriter json, string name, Estimate estimate)
    {
        json.WriteStartObject(name);
        WriteNumber(json, "mean", estimate.Mean);
        WriteNumber(json, "error", estimate.StandardError);
        json.WriteEndObject();
    }

    // JSON has no NaN: a value that does not exist (τ of a frozen series) is null.
    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
