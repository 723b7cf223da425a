using System.Globalization;
using NeuroThermo.Models.Transformer;
using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>lm.thermo</c>: opens a trained <c>lm.train</c> run, and for each prompt reads its next-token logits z as the
/// spectrum E_i = −z_i of a canonical ensemble. On a log-spaced temperature grid it computes ln Z(β) =
/// logsumexp(βz), F = −T ln Z, U = ⟨E⟩, S = β(U − F) and C = β² Var E in closed form, and U and C again by autograd
/// of ln Z in float64; it records the largest disagreement, checks the limits (T → 0: S → ln g, U → E_min;
/// T → ∞: S → ln V), samples text at a few temperatures, and writes plots/*.svg, results.json, samples.txt and
/// thermo.html (tables and samples, which the run's report.html, made of plots and metrics, cannot show).
/// </summary>
/// <remarks>Metrics: one record per prompt, the step being the prompt's 1-based index.</remarks>
public static class LmThermoExperiment
{
    /// <summary>Metric names.</summary>
    public const string EntropyAtOne = "entropy_t1", PeakHeatCapacity = "heat_capacity_peak", PeakTemperature = "temperature_of_peak",
        InternalEnergyDeviation = "u_autograd_deviation", HeatCapacityDeviation = "c_autograd_deviation";

    /// <summary>Computes and writes; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(LmThermoConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        CheckCrossFieldRules(config, context);
        var directory = LmTrainedRun.Find(config.TrainedRun) ?? throw new ConfigException(
            $"Config '{context.Directory.ConfigFile}' at $.trainedRun: found neither an lm.train run directory '{config.TrainedRun}' nor any '{config.TrainedRun}-<yyyyMMdd-HHmmss>' (looked in '{Path.GetFullPath(config.TrainedRun)}'); train one first, for example with 'neurothermo run configs/lm-fortunes.json'.",
            context.Directory.ConfigFile, "$.trainedRun");
        using var trained = LmTrainedRun.Open(directory);
        context.Progress.WriteLine($"model: {trained.Directory} (vocabulary {trained.Tokenizer.VocabularySize})");

        var result = Compute(config, trained, unchecked((ulong)context.Seed), context, cancellationToken);
        if (result is null)
            return Task.FromResult(RunOutcome.Interrupted);
        for (var i = 0; i < result.Prompts.Count; i++)
        {
            var prompt = result.Prompts[i];
            var peak = prompt.HeatCapacityPeak;
            context.Metrics.Write(i + 1, (EntropyAtOne, prompt.Spectrum.At(1).Entropy), (PeakHeatCapacity, peak.HeatCapacity),
                (PeakTemperature, peak.Temperature), (InternalEnergyDeviation, prompt.InternalEnergyDeviation),
                (HeatCapacityDeviation, prompt.HeatCapacityDeviation));
        }
        LmThermoReport.Write(result, context.Directory);
        LmThermoReport.PrintSummary(result, context.Progress);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary><paramref name="count"/> temperatures spaced evenly in ln T from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static double[] LogGrid(double min, double max, int count) =>
        Enumerable.Range(0, count).Select(i => min * Math.Pow(max / min, (double)i / (count - 1))).ToArray();

    /// <summary>The thermodynamics and samples of every prompt; null if cancelled between two prompts.</summary>
    public static LmThermoResult? Compute(
        LmThermoConfig config, LmTrainedRun trained, ulong seed, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(context);
        var temperatures = LogGrid(config.TemperatureMin, config.TemperatureMax, config.TemperaturePoints);
        // One generator for every sample, drawn in config order, so the run's seed fixes all of them.
        using var generator = new Generator(seed);
        var prompts = new List<LmThermoPrompt>();
        for (var i = 0; i < config.Prompts.Length; i++)
        {
            if (cancellationToken.IsCancellationRequested)
                return null;
            var tokens = EncodePrompt(trained, config.Prompts[i], i, context);
            var spectrum = FiniteSpectrum.FromLogits(trained.NextTokenLogits(tokens));
            var closed = temperatures.Select(spectrum.At).ToArray();
            var autograd = spectrum.ByAutograd(temperatures);
            var samples = config.SampleTemperatures
                .Select(t => Sample(trained, tokens, t, config.SampleTokens, generator)).ToArray();
            var ground = Array.IndexOf(spectrum.Energies.ToArray(), spectrum.GroundEnergy);
            prompts.Add(new LmThermoPrompt(config.Prompts[i], tokens.Length, spectrum, trained.Tokenizer.Decode([ground]),
                closed, autograd, UDeviation(spectrum, closed, autograd), CDeviation(spectrum, closed, autograd), samples));
        }
        return new LmThermoResult(trained.Directory, temperatures, prompts);
    }

    private static void CheckCrossFieldRules(LmThermoConfig config, RunContext context)
    {
        string file = context.Directory.ConfigFile;
        if (config.TemperatureMin >= config.TemperatureMax)
            throw new ConfigException(
                $"Config '{file}' at $.temperatureMax: {config.TemperatureMax} is not above temperatureMin {config.TemperatureMin}; the grid runs from the lower to the higher.",
                file, "$.temperatureMax");
        if (config.Prompts.Length == 0)
            throw new ConfigException($"Config '{file}' at $.prompts: the list is empty; give at least one prompt.", file, "$.prompts");
    }

    private static long[] EncodePrompt(LmTrainedRun trained, string prompt, int index, RunContext context)
    {
        try
        {
            return trained.Encode(prompt);
        }
        catch (ArgumentException e)
        {
            string file = context.Directory.ConfigFile, path = $"$.prompts[{index}]";
            throw new ConfigException($"Config '{file}' at {path}: the trained run's tokenizer cannot encode this prompt ({e.Message.Split(';')[0].TrimEnd('.')}).", file, path);
        }
    }

    private static LmThermoSample Sample(LmTrainedRun trained, long[] prompt, double temperature, int count, Generator generator)
    {
        var generated = TokenGenerator.Generate(trained.Model, [prompt], count, new SamplingConfig { Temperature = temperature }, generator);
        var text = trained.Tokenizer.Decode(generated.Tokens[0].Select(t => (int)t).ToArray());
        var entropies = generated.Entropies[0];
        return new LmThermoSample(temperature, text, generated.LogProbabilities[0], entropies.Length == 0 ? double.NaN : entropies.Average());
    }

    // U's autograd error is rounding of sums of p_i E_i, so it is measured against the largest |E|.
    private static double UDeviation(FiniteSpectrum spectrum, SpectrumThermodynamics[] closed, EnergyCurves autograd)
    {
        var scale = spectrum.Energies.Max(Math.Abs);
        return closed.Select((c, i) => Math.Abs(c.InternalEnergy - autograd.InternalEnergy[i]) / scale).Max();
    }

    // Autograd forms C as β²(⟨E²⟩ − ⟨E⟩²), a difference of terms of size β²⟨E²⟩, which is the scale of its error.
    private static double CDeviation(FiniteSpectrum spectrum, SpectrumThermodynamics[] closed, EnergyCurves autograd)
    {
        var meanSquare = spectrum.Energies.Average(e => e * e);
        return closed.Select((c, i) => Math.Abs(c.HeatCapacity - autograd.HeatCapacity[i])
                                       / (meanSquare / (c.Temperature * c.Temperature))).Max();
    }

    internal static string Display(string prompt) =>
        "\"" + prompt.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal) + "\"";

    internal static string Number(double value, string format = "G5") => value.ToString(format, CultureInfo.InvariantCulture);
}
