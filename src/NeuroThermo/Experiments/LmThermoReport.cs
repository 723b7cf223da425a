using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuroThermo.IO;
using NeuroThermo.Physics;
using NeuroThermo.Reports;
using static NeuroThermo.Experiments.LmThermoExperiment;

namespace NeuroThermo.Experiments;

/// <summary>Writes an <see cref="LmThermoResult"/> as SVG plots against T, results.json, samples.txt and thermo.html.</summary>
internal static class LmThermoReport
{
    /// <summary>Files in the run directory.</summary>
    public const string ResultsFile = "results.json", SamplesFile = "samples.txt", PageFile = "thermo.html";

    private static readonly (string File, string Title, string Axis, Func<SpectrumThermodynamics, double> Value, Func<EnergyCurves, int, double>? Autograd)[] Plots =
    [
        ("lm-free-energy.svg", "Free energy of the next token", "F = −T ln Z", p => p.FreeEnergy, null),
        ("lm-internal-energy.svg", "Internal energy of the next token", "U = ⟨E⟩ = −⟨z⟩", p => p.InternalEnergy, (a, i) => a.InternalEnergy[i]),
        ("lm-entropy.svg", "Entropy of the next token", "S = β(U − F) (nats)", p => p.Entropy, null),
        ("lm-heat-capacity.svg", "Heat capacity of the next token", "C = β² Var E", p => p.HeatCapacity, (a, i) => a.HeatCapacity[i]),
    ];

    public static void Write(LmThermoResult result, RunDirectory run)
    {
        run.CreateSubdirectories();
        var temperatures = result.Temperatures.ToArray();
        foreach (var (file, title, axis, value, autograd) in Plots)
        {
            var plot = new Plot { Title = title, XLabel = "sampling temperature T", YLabel = axis, XScale = AxisScale.Log10 };
            foreach (var prompt in result.Prompts)
                plot.AddLine(temperatures, prompt.ClosedForm.Select(value).ToArray(), Display(prompt.Prompt));
            if (autograd is not null)
                foreach (var prompt in result.Prompts)
                    plot.AddScatter(temperatures, temperatures.Select((_, i) => autograd(prompt.Autograd, i)).ToArray(), $"autograd, {Display(prompt.Prompt)}");
            if (file == "lm-entropy.svg")
                AddEntropyLimits(plot, result, temperatures);
            plot.WriteSvg(Path.Combine(run.PlotsDirectory, file));
        }
        AtomicFile.WriteAllText(Path.Combine(run.Path, ResultsFile), ToJson(result));
        AtomicFile.WriteAllText(Path.Combine(run.Path, SamplesFile), SamplesText(result));
        Page(result).Write(Path.Combine(run.Path, PageFile));
    }

    public static void PrintSummary(LmThermoResult result, ProgressReporter progress)
    {
        foreach (var prompt in result.Prompts)
        {
            var (spectrum, cold, hot, peak) = (prompt.Spectrum, prompt.Coldest, prompt.Hottest, prompt.HeatCapacityPeak);
            progress.WriteLine($"{Display(prompt.Prompt)}: top token {Display(prompt.GroundToken)}, S(T=1) = {Number(spectrum.At(1).Entropy, "F3")} nats, "
                               + $"C peaks at {Number(peak.HeatCapacity, "F3")} at T = {Number(peak.Temperature, "F3")}; "
                               + $"S(T={Number(cold.Temperature)}) − ln g = {Number(cold.Entropy - spectrum.ZeroTemperatureEntropy, "G3")}, "
                               + $"ln V − S(T={Number(hot.Temperature)}) = {Number(spectrum.InfiniteTemperatureEntropy - hot.Entropy, "G3")}; "
                               + $"autograd deviations U {Number(prompt.InternalEnergyDeviation, "G2")}, C {Number(prompt.HeatCapacityDeviation, "G2")}");
            foreach (var sample in prompt.Samples)
                progress.WriteLine($"  T = {Number(sample.Temperature)}: {Display(sample.Text)}");
        }
    }

    private static void AddEntropyLimits(Plot plot, LmThermoResult result, double[] temperatures)
    {
        double[] ends = [temperatures[0], temperatures[^1]];
        foreach (var states in result.Prompts.Select(p => p.Spectrum.StateCount).Distinct())
            plot.AddLine(ends, [Math.Log(states), Math.Log(states)], $"ln V, V = {states}");
        foreach (var g in result.Prompts.Select(p => p.Spectrum.GroundDegeneracy).Distinct())
            plot.AddLine(ends, [Math.Log(g), Math.Log(g)], $"ln g, g = {g}");
    }

    private static string SamplesText(LmThermoResult result)
    {
        var text = new StringBuilder();
        foreach (var prompt in result.Prompts)
            foreach (var sample in prompt.Samples)
                text.Append($"=== prompt {Display(prompt.Prompt)}, T = {Number(sample.Temperature)}, ln p = {Number(sample.LogProbability, "F1")}, mean entropy {Number(sample.MeanEntropy, "F3")} nats\n")
                    .Append(sample.Text).Append("\n\n");
        return text.ToString();
    }

    private static HtmlReport Page(LmThermoResult result)
    {
        var page = new HtmlReport("The next token as a Boltzmann distribution");
        page.Paragraph($"Model: {result.TrainedRun}. Energies E_i = −z_i (the negated logits), β = 1/T, k_B = 1, entropies in nats. "
                       + "Closed forms from the moments of the Boltzmann weights; U and C checked by autograd of ln Z(β) = logsumexp(βz) in float64.");
        page.Heading("Limits");
        page.Table(["prompt", "top token", "V", "g", "gap Δ", $"S(T={Number(result.Temperatures[0])})", "ln g", $"U(T={Number(result.Temperatures[0])})", "E_min",
                       $"S(T={Number(result.Temperatures[^1])})", "ln V", "autograd dev. U", "autograd dev. C"],
            result.Prompts.Select(p => new[]
            {
                Display(p.Prompt), Display(p.GroundToken), Number(p.Spectrum.StateCount), Number(p.Spectrum.GroundDegeneracy), Number(p.Spectrum.Gap),
                Number(p.Coldest.Entropy), Number(p.Spectrum.ZeroTemperatureEntropy), Number(p.Coldest.InternalEnergy), Number(p.Spectrum.GroundEnergy),
                Number(p.Hottest.Entropy), Number(p.Spectrum.InfiniteTemperatureEntropy), Number(p.InternalEnergyDeviation, "G2"), Number(p.HeatCapacityDeviation, "G2"),
            }));
        page.Paragraph("S reaches ln g only for T well below the gap Δ between the two largest logits; above T ≈ Δ the runner-up tokens share the weight.", isNote: true);
        foreach (var prompt in result.Prompts)
        {
            page.Heading($"Prompt {Display(prompt.Prompt)}");
            var stride = Math.Max(1, (result.Temperatures.Count - 1) / 12);
            page.Table(["T", "ln Z", "F", "U", "S", "C", "U (autograd)", "C (autograd)"],
                Enumerable.Range(0, result.Temperatures.Count).Where(i => i % stride == 0 || i == result.Temperatures.Count - 1)
                    .Select(i => new[]
                    {
                        Number(result.Temperatures[i]), Number(prompt.ClosedForm[i].LogPartitionFunction), Number(prompt.ClosedForm[i].FreeEnergy),
                        Number(prompt.ClosedForm[i].InternalEnergy), Number(prompt.ClosedForm[i].Entropy), Number(prompt.ClosedForm[i].HeatCapacity),
                        Number(prompt.Autograd.InternalEnergy[i]), Number(prompt.Autograd.HeatCapacity[i]),
                    }));
            foreach (var sample in prompt.Samples)
            {
                page.Paragraph($"T = {Number(sample.Temperature)}: ln p = {Number(sample.LogProbability, "F1")}, mean entropy of the sampling distribution {Number(sample.MeanEntropy, "F3")} nats");
                page.Preformatted(sample.Text);
            }
        }
        page.Heading("Plots");
        foreach (var (file, title, _, _, _) in Plots)
            page.Figure($"plots/{file}", title);
        return page;
    }

    private static string ToJson(LmThermoResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("trainedRun", result.TrainedRun);
            json.WriteString("energies", "E_i = -logit_i; beta = 1/T; k_B = 1; entropies in nats");
            WriteArray(json, "temperatures", result.Temperatures);
            json.WriteStartArray("prompts");
            foreach (var prompt in result.Prompts)
                WritePrompt(json, prompt);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePrompt(Utf8JsonWriter json, LmThermoPrompt prompt)
    {
        var spectrum = prompt.Spectrum;
        json.WriteStartObject();
        json.WriteString("prompt", prompt.Prompt);
        json.WriteNumber("promptTokens", prompt.PromptTokens);
        json.WriteString("topToken", prompt.GroundToken);
        json.WriteStartObject("spectrum");
        json.WriteNumber("states", spectrum.StateCount);
        json.WriteNumber("groundEnergy", spectrum.GroundEnergy);
        json.WriteNumber("groundDegeneracy", spectrum.GroundDegeneracy);
        if (double.IsFinite(spectrum.Gap)) json.WriteNumber("gap", spectrum.Gap);
        else json.WriteNull("gap");
        json.WriteNumber("meanEnergy", spectrum.MeanEnergy);
        json.WriteEndObject();
        json.WriteStartObject("limits");
        json.WriteNumber("entropyAtLowest", prompt.Coldest.Entropy);
        json.WriteNumber("logDegeneracy", spectrum.ZeroTemperatureEntropy);
        json.WriteNumber("internalEnergyAtLowest", prompt.Coldest.InternalEnergy);
        json.WriteNumber("entropyAtHighest", prompt.Hottest.Entropy);
        json.WriteNumber("logStates", spectrum.InfiniteTemperatureEntropy);
        json.WriteEndObject();
        json.WriteStartObject("closedForm");
        WriteArray(json, "logPartitionFunction", prompt.ClosedForm.Select(p => p.LogPartitionFunction).ToArray());
        WriteArray(json, "freeEnergy", prompt.ClosedForm.Select(p => p.FreeEnergy).ToArray());
        WriteArray(json, "internalEnergy", prompt.ClosedForm.Select(p => p.InternalEnergy).ToArray());
        WriteArray(json, "entropy", prompt.ClosedForm.Select(p => p.Entropy).ToArray());
        WriteArray(json, "heatCapacity", prompt.ClosedForm.Select(p => p.HeatCapacity).ToArray());
        json.WriteEndObject();
        json.WriteStartObject("autograd");
        WriteArray(json, "logPartitionFunction", prompt.Autograd.LogPartitionFunction);
        WriteArray(json, "internalEnergy", prompt.Autograd.InternalEnergy);
        WriteArray(json, "heatCapacity", prompt.Autograd.HeatCapacity);
        json.WriteNumber("internalEnergyDeviation", prompt.InternalEnergyDeviation);
        json.WriteNumber("heatCapacityDeviation", prompt.HeatCapacityDeviation);
        json.WriteEndObject();
        json.WriteStartArray("samples");
        foreach (var sample in prompt.Samples)
        {
            json.WriteStartObject();
            json.WriteNumber("temperature", sample.Temperature);
            json.WriteString("text", sample.Text);
            json.WriteNumber("logProbability", sample.LogProbability);
            if (double.IsFinite(sample.MeanEntropy)) json.WriteNumber("meanEntropy", sample.MeanEntropy);
            else json.WriteNull("meanEntropy");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IReadOnlyList<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteNumberValue(value);
        json.WriteEndArray();
    }
}
