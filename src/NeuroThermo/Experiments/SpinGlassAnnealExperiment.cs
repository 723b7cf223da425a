using System.Globalization;
using NeuroThermo.IO;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Reports;
using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>The annealed ground-state energies per spin of one size.</summary>
/// <param name="Size">The config's size (N for SK, L for Edwards–Anderson).</param>
/// <param name="Spins">N.</param>
/// <param name="EnergiesPerSpin">Each sample's lowest energy per spin found.</param>
/// <param name="Mean">Their mean with the error of the mean (sample-to-sample spread / √samples).</param>
public sealed record SpinGlassSizeResult(int Size, int Spins, double[] EnergiesPerSpin, Estimate Mean);

/// <summary>
/// <c>spinglass.anneal</c>: for each size, draws <see cref="SpinGlassAnnealConfig.Instances"/> disorder samples, anneals
/// each with <see cref="DenseAnnealer"/> (best of <see cref="SpinGlassAnnealConfig.Chains"/> runs), averages the
/// ground-state energies per spin, and extrapolates e_N = e_∞ + A·N^(−ω) (<see cref="FiniteSizeExtrapolation"/>).
/// </summary>
public static class SpinGlassAnnealExperiment
{
    /// <summary>Parisi's ground-state energy per spin of SK, for the report's comparison.</summary>
    public const double ParisiGroundStateEnergy = -0.7633;

    /// <summary>The plot of e_N against N^(−ω).</summary>
    public const string ExtrapolationPlot = "extrapolation.svg";

    /// <summary>Anneals every sample of every size, logs one metrics record per size, writes the plot and results.json.</summary>
    public static Task<RunOutcome> RunAsync(SpinGlassAnnealConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        Check(config, context.Directory.ConfigFile);
        var schedule = AnnealingSchedule.Geometric(config.BetaStart, config.BetaEnd, config.Stages);
        var results = new List<SpinGlassSizeResult>();
        using (var progress = context.Progress.Start("samples", (long)config.Sizes.Length * config.Instances, 0, "samples"))
        {
            using var generator = new Generator((ulong)context.Seed);
            foreach (var size in config.Sizes)
            {
                var energies = new double[config.Instances];
                for (var k = 0; k < config.Instances; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var model = Sample(config, size, generator);
                    var annealer = new DenseAnnealer(model, schedule, config.SweepsPerStage);
                    var (best, _) = annealer.Anneal(config.Chains, unchecked((int)context.Seed + 7919 * (results.Count * config.Instances + k)));
                    energies[k] = best.Min() / model.SpinCount;
                    progress.Report((long)results.Count * config.Instances + k + 1);
                }
                var result = Summarize(size, SpinCount(config, size), energies);
                results.Add(result);
                context.Metrics.Write(results.Count - 1, ("size", size), ("spins", result.Spins),
                    ("energyPerSpin", result.Mean.Mean), ("energyPerSpinError", result.Mean.StandardError));
                context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"N = {result.Spins}: e_N = {result.Mean.Mean:F5} ± {result.Mean.StandardError:F5} over {config.Instances} samples"));
            }
        }
        var fit = results.Count >= 2
            ? FiniteSizeExtrapolation.Fit(results.Select(r => (double)r.Spins).ToArray(), results.Select(r => r.Mean.Mean).ToArray(),
                results.Select(r => r.Mean.StandardError).ToArray(), config.CorrectionExponent)
            : null;
        Write(config, results, fit, context.Directory);
        if (fit is not null)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"e_∞ = {fit.Limit.Mean:F4} ± {fit.Limit.StandardError:F4} (A = {fit.Slope.Mean:F3} ± {fit.Slope.StandardError:F3}, χ²/dof = {fit.ChiSquarePerDegreeOfFreedom:F2}) from N = {string.Join(", ", results.Select(r => r.Spins))}");
            if (config.Model == AnnealedSpinGlass.SherringtonKirkpatrick)
                line += string.Create(CultureInfo.InvariantCulture, $"; Parisi {ParisiGroundStateEnergy}, difference {fit.Limit.Mean - ParisiGroundStateEnergy:+0.0000;-0.0000}");
            context.Progress.WriteLine(line);
            var perSize = results.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"N = {r.Spins}: e_N = {r.Mean.Mean:F5} ± {r.Mean.StandardError:F5} over {r.EnergiesPerSpin.Length} samples"));
            AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, RunReportWriter.SummaryFileName), string.Join('\n', perSize.Append(line)) + "\n");
        }
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>The mean of the samples' energies per spin with the error of the mean.</summary>
    public static SpinGlassSizeResult Summarize(int size, int spins, double[] energiesPerSpin)
    {
        ArgumentNullException.ThrowIfNull(energiesPerSpin);
        var mean = TimeSeries.Mean(energiesPerSpin);
        var error = TimeSeries.NaiveStandardError(energiesPerSpin);   // samples are independent draws of the disorder
        return new SpinGlassSizeResult(size, spins, energiesPerSpin, new Estimate(mean, error, double.NaN, energiesPerSpin.Length));
    }

    /// <summary>N for a configured size.</summary>
    public static int SpinCount(SpinGlassAnnealConfig config, int size)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Model == AnnealedSpinGlass.SherringtonKirkpatrick ? size : size * size;
    }

    private static SpinEnergy Sample(SpinGlassAnnealConfig config, int size, Generator generator) =>
        config.Model == AnnealedSpinGlass.SherringtonKirkpatrick
            ? SherringtonKirkpatrick.Sample(size, generator)
            : EdwardsAndersonModel.Sample(Lattice.Square(size, size, Boundary.Periodic), config.Bonds, generator);

    private static void Write(SpinGlassAnnealConfig config, IReadOnlyList<SpinGlassSizeResult> results, FiniteSizeExtrapolation? fit, RunDirectory run)
    {
        Directory.CreateDirectory(run.PlotsDirectory);
        var x = results.Select(r => Math.Pow(r.Spins, -config.CorrectionExponent)).ToArray();
        var omega = config.CorrectionExponent.ToString("G3", CultureInfo.InvariantCulture);
        var plot = new Plot { Title = $"Annealed ground-state energy per spin, {config.Model}", XLabel = $"N^(−{omega})", YLabel = "e_N" }
            .AddScatter(x, results.Select(r => r.Mean.Mean).ToArray(), "annealing, mean over samples", results.Select(r => r.Mean.StandardError).ToArray());
        if (fit is not null)
        {
            var line = new[] { 0, x.Max() };
            plot.AddLine(line, line.Select(v => fit.Limit.Mean + fit.Slope.Mean * v).ToArray(),
                string.Create(CultureInfo.InvariantCulture, $"fit: e_∞ = {fit.Limit.Mean:F4} ± {fit.Limit.StandardError:F4}"));
        }
        if (config.Model == AnnealedSpinGlass.SherringtonKirkpatrick)
            plot.AddScatter([0], [ParisiGroundStateEnergy], "Parisi, N → ∞");
        plot.WriteSvg(Path.Combine(run.PlotsDirectory, ExtrapolationPlot));

        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["model"] = config.Model.ToString(),
            ["sizes"] = new System.Text.Json.Nodes.JsonArray(results.Select(r => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["size"] = r.Size,
                ["spins"] = r.Spins,
                ["energyPerSpin"] = r.Mean.Mean,
                ["error"] = r.Mean.StandardError,
                ["samples"] = new System.Text.Json.Nodes.JsonArray(r.EnergiesPerSpin.Select(e => (System.Text.Json.Nodes.JsonNode)e).ToArray()),
            }).ToArray()),
        };
        if (fit is not null)
        {
            json["limit"] = fit.Limit.Mean;
            json["limitError"] = fit.Limit.StandardError;
            json["slope"] = fit.Slope.Mean;
            json["slopeError"] = fit.Slope.StandardError;
            json["exponent"] = fit.Exponent;
            if (double.IsFinite(fit.ChiSquarePerDegreeOfFreedom)) json["chiSquarePerDof"] = fit.ChiSquarePerDegreeOfFreedom;
        }
        AtomicFile.WriteAllText(Path.Combine(run.Path, "results.json"),
            json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>Rules between fields that per-field ranges cannot express, each broken one reported in one sentence.</summary>
    public static void Check(SpinGlassAnnealConfig config, string file)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Sizes.Length == 0)
            throw new ConfigException($"Config '{file}' at $.sizes: give at least one system size.", file, "$.sizes");
        for (var i = 1; i < config.Sizes.Length; i++)
        {
            if (config.Sizes[i] <= config.Sizes[i - 1])
                throw new ConfigException($"Config '{file}' at $.sizes[{i}]: sizes must be strictly increasing, but {config.Sizes[i]} follows {config.Sizes[i - 1]}.", file, $"$.sizes[{i}]");
        }
        if (config.Model == AnnealedSpinGlass.EdwardsAnderson && config.Sizes[0] < 3)
            throw new ConfigException($"Config '{file}' at $.sizes[0]: an Edwards–Anderson lattice needs L ≥ 3, got {config.Sizes[0]}.", file, "$.sizes[0]");
        if (config.BetaEnd <= config.BetaStart)
            throw new ConfigException(string.Create(CultureInfo.InvariantCulture,
                $"Config '{file}' at $.betaEnd: annealing cools, so betaEnd ({config.BetaEnd}) must exceed betaStart ({config.BetaStart})."), file, "$.betaEnd");
    }
}
