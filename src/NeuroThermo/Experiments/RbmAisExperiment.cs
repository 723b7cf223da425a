using System.Globalization;
using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Models.Rbm;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>rbm.ais</c>: reopens a trained <c>rbm.train</c> run (its resolved config and <see cref="RbmTrainExperiment.ModelFile"/>),
/// estimates ln Z by AIS from the training data's base rates several times over, and reports the average training and
/// test log-likelihoods with the spread of the estimates and Salakhutdinov and Murray's ±3σ bracket.
/// </summary>
public static class RbmAisExperiment
{
    public const string SummaryFile = "summary.md", WeightsPlot = "log-weights.svg";

    public static Task<RunOutcome> RunAsync(RbmAisConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var (directory, trained, trainedSeed) = OpenTrainedRun(config.TrainedRun);
        using var machine = LoadMachine(directory);
        // The same seed as rbm.train's, so that a sampled binarization draws the same data again.
        using var data = RbmData.Load(trained, "rbm.ais", unchecked((ulong)trainedSeed));
        using var baseBiases = RbmBaseRates.VisibleBiases(trained.Units, data.Train);
        using var generator = new Generator(unchecked((ulong)context.Seed));
        var schedule = AnnealedImportanceSampling.ProportionalSchedule(config.Steps);

        var estimates = new List<AisEstimate>();
        for (var r = 0; r < config.Repetitions; r++)
        {
            var estimate = AnnealedImportanceSampling.Estimate(machine, baseBiases, schedule, config.Runs, generator, cancellationToken);
            estimates.Add(estimate);
            context.Metrics.Write(r + 1, ("log_z", estimate.LogZ), ("log_z_error", estimate.StandardError),
                ("log_z_lower", estimate.LowerLogZ), ("log_z_upper", estimate.UpperLogZ));
            context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"AIS {r + 1}/{config.Repetitions}: ln Z = {estimate.LogZ:F3} ± {estimate.StandardError:F3} (3σ bracket {estimate.LowerLogZ:F3} … {estimate.UpperLogZ:F3})"));
        }
        var logZ = Math.Log(estimates.Average(e => Math.Exp(e.LogZ - estimates[0].LogZ))) + estimates[0].LogZ;   // pooled mean weight
        var test = RbmEvaluation.AverageLogLikelihood(machine, data.Test, logZ);
        var train = RbmEvaluation.AverageLogLikelihood(machine, data.Train, logZ);
        context.Metrics.Write(config.Repetitions + 1, ("log_z_pooled", logZ), ("test_log_likelihood", test), ("train_log_likelihood", train));

        Directory.CreateDirectory(context.Directory.PlotsDirectory);
        var plot = new Plot { Title = "AIS log importance weights, sorted", XLabel = "run (sorted)", YLabel = "ln w − max ln w" };
        foreach (var (estimate, k) in estimates.Select((e, k) => (e, k)))
        {
            var sorted = estimate.LogWeights.Order().ToArray();
            plot.AddLine(Enumerable.Range(1, sorted.Length).Select(i => (double)i).ToArray(), sorted.Select(w => w - sorted[^1]).ToArray(), $"repetition {k + 1}");
        }
        plot.WriteSvg(Path.Combine(context.Directory.PlotsDirectory, WeightsPlot));

        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"rbm.ais on {directory}: {machine.VisibleCount} × {machine.HiddenCount} {machine.Units.ToString().ToLowerInvariant()} RBM, {config.Repetitions} × {config.Runs} AIS runs over {schedule.Length} β values."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"ln Z per repetition: {string.Join(", ", estimates.Select(e => e.LogZ.ToString("F3", CultureInfo.InvariantCulture)))} (spread {estimates.Max(e => e.LogZ) - estimates.Min(e => e.LogZ):F3}); pooled {logZ:F3}, base model {estimates[0].BaseLogZ:F3}."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Average log-likelihood: test {test:F3} nats ({data.Test.size(0)} examples), train {train:F3} nats ({data.Train.size(0)} examples)."));
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), text.ToString());
        Console.Out.Write(text.ToString());
        return Task.FromResult(RunOutcome.Completed);
    }

    private static (string Directory, RbmTrainConfig Config, long Seed) OpenTrainedRun(string path)
    {
        var directory = LmTrainedRun.Find(path)
            ?? throw new ArgumentException($"rbm.ais's trainedRun '{path}' is neither a run directory nor the stem of one; run an rbm.train config first.");
        var (run, config, seed) = TrainedRunConfig.Load<RbmTrainConfig>(directory, "an rbm.train machine");
        return (run.Path, config, seed);
    }

    private static RestrictedBoltzmannMachine LoadMachine(string directory)
    {
        var path = Path.Combine(directory, RbmTrainExperiment.ModelFile);
        if (!File.Exists(path))
            throw new RunDirectoryException(directory, $"has no {RbmTrainExperiment.ModelFile}; let the rbm.train run finish first");
        return RbmFile.Load(path);
    }
}
