using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Models.Rbm;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>One evaluation of <c>rbm.train</c> after an epoch.</summary>
/// <param name="Epoch">Epochs done.</param>
/// <param name="Seconds">Wall time of the epoch's training alone.</param>
/// <param name="ReconstructionError">Mean squared reconstruction error per test example.</param>
/// <param name="PseudoLikelihood">Mean pseudo-likelihood per test example (scikit-learn's estimator), nats.</param>
/// <param name="LogZ">ln Z (exact or AIS), when it was estimated this epoch.</param>
/// <param name="LogZError">The standard error of an AIS ln Z (0 when exact).</param>
/// <param name="TestLogLikelihood">Average test log-likelihood in nats, when ln Z was estimated.</param>
public sealed record RbmEpochResult(int Epoch, double Seconds, double ReconstructionError, double PseudoLikelihood,
    double? LogZ, double? LogZError, double? TestLogLikelihood);

/// <summary>
/// <c>rbm.train</c>: trains a restricted Boltzmann machine by CD-k or PCD on binarized images or bars and stripes,
/// logging the reconstruction error and pseudo-likelihood of the test set after every epoch and its log-likelihood
/// (AIS, or exact when a layer has at most <see cref="ExactUnits"/> units) every <see cref="RbmTrainConfig.AisEvery"/>
/// epochs and at the end with Salakhutdinov and Murray's full schedule. Writes the machine, the curves, and images of
/// the filters, of reconstructions and of samples from long Gibbs chains.
/// </summary>
public static class RbmTrainExperiment
{
    /// <summary>Files in the run directory.</summary>
    public const string ModelFile = "rbm.safetensors", SummaryFile = "summary.md";

    /// <summary>Up to this many units in the smaller layer, ln Z is computed exactly instead of by AIS.</summary>
    public const int ExactUnits = 20;

    /// <summary>Tiles per row of the image grids.</summary>
    private const int Columns = 10;

    public static Task<RunOutcome> RunAsync(RbmTrainConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var seed = unchecked((ulong)context.Seed);
        using var data = RbmData.Load(config, "rbm.train", seed);
        using var generator = new Generator(seed + 1);
        using var machine = RestrictedBoltzmannMachine.Random((int)data.Train.size(1), config.Hidden, config.Units, config.WeightScale, generator);
        using var baseBiases = RbmBaseRates.VisibleBiases(config.Units, data.Train);
        machine.VisibleBiases.detach().copy_(baseBiases);
        using var trainer = new RbmTrainer(machine, config.TrainingOptions(), config.BatchSize, seed + 2);

        var results = new List<RbmEpochResult>();
        using (var progress = context.Progress.Start("training", config.Epochs, 0, "epochs"))
        {
            for (var epoch = 1; epoch <= config.Epochs; epoch++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    RbmFile.Save(machine, Path.Combine(context.Directory.Path, ModelFile));
                    context.Progress.WriteLine($"stopped after epoch {epoch - 1}; the machine so far is in {ModelFile} (rbm.train does not resume)");
                    return Task.FromResult(RunOutcome.Interrupted);
                }
                var clock = Stopwatch.StartNew();
                trainer.Epoch(data.Train, epoch, cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                var final = epoch == config.Epochs;
                var withLogZ = final || (config.AisEvery > 0 && epoch % config.AisEvery == 0);
                var result = Evaluate(config, machine, data, baseBiases, generator, epoch, seconds,
                    withLogZ ? (final ? AnnealedImportanceSampling.StandardSchedule() : AnnealedImportanceSampling.ProportionalSchedule(config.AisStepsDuringTraining)) : null,
                    cancellationToken);
                results.Add(result);
                Log(context, result);
                progress.Report(epoch);
            }
        }
        RbmFile.Save(machine, Path.Combine(context.Directory.Path, ModelFile));
        WritePlots(config, context.Directory, results);
        WriteImages(config, context.Directory, machine, data, generator);
        var summary = Summary(config, data, results);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), summary);
        Console.Out.Write(summary);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>
    /// ln Z of <paramref name="machine"/>: exact when its smaller layer has at most <see cref="ExactUnits"/> units,
    /// otherwise AIS over <paramref name="schedule"/> from the base rates; returns (ln Z, its standard error).
    /// </summary>
    public static (double LogZ, double Error) LogPartition(RestrictedBoltzmannMachine machine, Tensor baseBiases,
        IReadOnlyList<double> schedule, int runs, Generator generator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (Math.Min(machine.VisibleCount, machine.HiddenCount) <= ExactUnits)
            return (RbmPartitionFunction.ExactLogZValue(machine), 0);
        var estimate = AnnealedImportanceSampling.Estimate(machine, baseBiases, schedule, runs, generator, cancellationToken);
        return (estimate.LogZ, estimate.StandardError);
    }

    private static RbmEpochResult Evaluate(RbmTrainConfig config, RestrictedBoltzmannMachine machine, RbmData data, Tensor baseBiases,
        Generator generator, int epoch, double seconds, double[]? schedule, CancellationToken cancellationToken)
    {
        var reconstruction = RbmEvaluation.ReconstructionError(machine, data.Test, generator);
        var pseudo = RbmEvaluation.PseudoLikelihood(machine, data.Test, generator);
        if (schedule is null)
            return new RbmEpochResult(epoch, seconds, reconstruction, pseudo, null, null, null);
        var (logZ, error) = LogPartition(machine, baseBiases, schedule, config.AisRuns, generator, cancellationToken);
        var logLikelihood = RbmEvaluation.AverageLogLikelihood(machine, data.Test, logZ);
        return new RbmEpochResult(epoch, seconds, reconstruction, pseudo, logZ, error, logLikelihood);
    }

    private static void Log(RunContext context, RbmEpochResult r)
    {
        var values = new List<(string, double)>
        {
            ("epoch_seconds", r.Seconds), ("reconstruction_error", r.ReconstructionError), ("pseudo_likelihood", r.PseudoLikelihood),
        };
        if (r.TestLogLikelihood is { } ll)
            values.AddRange([("log_z", r.LogZ!.Value), ("log_z_error", r.LogZError!.Value), ("test_log_likelihood", ll)]);
        context.Metrics.Write(r.Epoch, [.. values]);
        var likelihood = r.TestLogLikelihood is { } t
            ? string.Create(CultureInfo.InvariantCulture, $"  ln Z {r.LogZ:F3} ± {r.LogZError:F3}  test log-likelihood {t:F3} nats")
            : "";
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch,3}  {r.Seconds,6:F1} s  reconstruction error {r.ReconstructionError:F3}  pseudo-likelihood {r.PseudoLikelihood:F3}{likelihood}"));
    }

    private static void WritePlots(RbmTrainConfig config, RunDirectory run, List<RbmEpochResult> results)
    {
        Directory.CreateDirectory(run.PlotsDirectory);
        var label = Label(config);
        var epochs = results.Select(r => (double)r.Epoch).ToArray();
        new Plot { Title = "RBM reconstruction error (test set)", XLabel = "epoch", YLabel = "squared error per example" }
            .AddLine(epochs, results.Select(r => r.ReconstructionError).ToArray(), label)
            .WriteSvg(Path.Combine(run.PlotsDirectory, "reconstruction-error.svg"));
        new Plot { Title = "RBM pseudo-likelihood (test set)", XLabel = "epoch", YLabel = "nats per example" }
            .AddLine(epochs, results.Select(r => r.PseudoLikelihood).ToArray(), label)
            .WriteSvg(Path.Combine(run.PlotsDirectory, "pseudo-likelihood.svg"));
        var withLogZ = results.Where(r => r.TestLogLikelihood is not null).ToList();
        new Plot { Title = "RBM test log-likelihood (AIS or exact ln Z)", XLabel = "epoch", YLabel = "nats per example" }
            .AddLine(withLogZ.Select(r => (double)r.Epoch).ToArray(), withLogZ.Select(r => r.TestLogLikelihood!.Value).ToArray(), label)
            .WriteSvg(Path.Combine(run.PlotsDirectory, "log-likelihood.svg"));
    }

    private static void WriteImages(RbmTrainConfig config, RunDirectory run, RestrictedBoltzmannMachine machine, RbmData data, Generator generator)
    {
        Directory.CreateDirectory(run.ImagesDirectory);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (low, high) = config.Units == RbmUnits.Bernoulli ? (0f, 1f) : (-1f, 1f);
        var size = data.Height * data.Width;

        // Filters: the weights into each of the first hidden units, each scaled to its own range.
        var filters = machine.Weights.detach().t().narrow(0, 0, Math.Min(config.Shown, machine.HiddenCount)).to(ScalarType.Float32).contiguous();   // (k, V)
        var filterValues = filters.ToArray<float>();
        var filterTiles = Enumerable.Range(0, (int)filters.size(0))
            .Select(k => GrayImage.Normalized<float>(data.Width, data.Height, filterValues.AsSpan(k * size, size))).ToList();
        WriteGrid(run, "filters.png", filterTiles);

        // Reconstructions: rows of test images, each followed by a row of E[v | h] with h ~ p(h | v).
        var shownPairs = (int)Math.Min(Math.Max(Columns, config.Shown / 2), data.Test.size(0));
        var originals = data.Test.narrow(0, 0, shownPairs);
        var reconstructions = machine.VisibleMeans(machine.SampleHidden(originals, generator));
        var (o, r) = (originals.ToArray<float>(), reconstructions.ToArray<float>());
        var pairTiles = new List<GrayImage>();
        for (var row = 0; row * Columns < shownPairs; row++)
            foreach (var source in new[] { o, r })
                for (var k = row * Columns; k < Math.Min(shownPairs, (row + 1) * Columns); k++)
                    pairTiles.Add(GrayImage.FromRange<float>(data.Width, data.Height, source.AsSpan(k * size, size), low, high));
        WriteGrid(run, "reconstructions.png", pairTiles);

        // Samples: E[v | h] at the end of long block-Gibbs chains started from random states.
        using var chain = RbmChain.Random(machine, config.Shown, (ulong)generator.initial_seed() + 3);
        machine.Gibbs(chain, config.SampleSweeps);
        var samples = machine.VisibleMeans(chain.Hidden).ToArray<float>();
        var sampleTiles = Enumerable.Range(0, config.Shown)
            .Select(k => GrayImage.FromRange<float>(data.Width, data.Height, samples.AsSpan(k * size, size), low, high)).ToList();
        WriteGrid(run, "samples.png", sampleTiles);
    }

    private static void WriteGrid(RunDirectory run, string file, List<GrayImage> tiles) =>
        PngEncoder.Write(Path.Combine(run.ImagesDirectory, file), ImageGrid.Tile(tiles, Columns, padding: 1, paddingValue: 128).Upscale(2));

    private static string Label(RbmTrainConfig config) =>
        config.Persistent ? $"PCD-{config.GibbsSteps}" : $"CD-{config.GibbsSteps}";

    private static string Summary(RbmTrainConfig config, RbmData data, List<RbmEpochResult> results)
    {
        var last = results[^1];
        var text = new StringBuilder();
        var source = config.Source == RbmDataSource.BarsAndStripes ? $"{config.Side}×{config.Side} bars and stripes" : "binarized images";
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"rbm.train: {data.Train.size(1)} × {config.Hidden} {config.Units.ToString().ToLowerInvariant()} RBM, {Label(config)}, {config.Epochs} epochs of batch {config.BatchSize} on {data.Train.size(0)} {source}, ε = {config.LearningRate}."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Mean epoch time {results.Average(r => r.Seconds):F1} s; test reconstruction error {last.ReconstructionError:F3}, pseudo-likelihood {last.PseudoLikelihood:F3} nats."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"ln Z = {last.LogZ:F3} ± {last.LogZError:F3}; average test log-likelihood {last.TestLogLikelihood:F3} nats over {data.Test.size(0)} examples."));
        return text.ToString();
    }
}
