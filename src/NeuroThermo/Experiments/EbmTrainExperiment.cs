using System.Text;
using NeuroThermo.Data;
using NeuroThermo.IO;
using NeuroThermo.Models.Energies;
using TorchSharp;
using static TorchSharp.torch;
using static System.FormattableString;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>The outcome of <c>ebm.train</c>.</summary>
/// <param name="Steps">Steps at which the contrast was logged.</param>
/// <param name="Contrast">⟨E⟩_data − ⟨E⟩_neg at those steps (negative: the data sit lower than the model's samples).</param>
/// <param name="HeldOutMeanEnergyGap">⟨E⟩ on fresh uniform noise minus ⟨E⟩ on fresh data at the end: how much lower the data lie.</param>
public sealed record EbmTrainResult(int[] Steps, double[] Contrast, double HeldOutMeanEnergyGap);

/// <summary>
/// <c>ebm.train</c>: contrastive-divergence training of an MLP energy on a 2D toy set with Langevin negatives from a
/// persistent buffer (<see cref="ContrastiveDivergenceTrainer"/>), the continuous twin of <c>bm.train</c>.
/// </summary>
public static class EbmTrainExperiment
{
    public const string DensityImage = "learned-density.png", DataDensityPlot = "samples.svg", ContrastPlot = "contrast.svg", SummaryFile = "summary.md";

    /// <summary>Half-width of the plotted square.</summary>
    private const double PlotHalfWidth = 3;

    public static Task<RunOutcome> RunAsync(EbmTrainConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Directory.ConfigFile;
        if (config.Hidden.Length == 0 || config.Hidden.Any(w => w < 1))
            throw new ConfigException($"Config '{file}' at $.hidden: expected at least one hidden width, each at least 1.", file, "$.hidden");
        var plots = Path.Combine(context.Directory.Path, "plots");
        Directory.CreateDirectory(plots);
        var result = Compute(config, (ulong)context.Seed, cancellationToken,
            (step, contrast) => context.Metrics.Write(step, ("contrast", contrast)),
            (energy, data, negatives) =>
            {
                Toy2dReport.WriteDensity(energy.call, 1, PlotHalfWidth, Path.Combine(plots, DensityImage));
                using var shownData = data.narrow(0, 0, Math.Min(600, data.shape[0]));
                using var shownNegatives = negatives.narrow(0, 0, Math.Min(600, negatives.shape[0]));
                Toy2dReport.WriteClouds([("data", shownData), ("Langevin negatives (buffer)", shownNegatives)],
                    $"EBM on {config.Dataset}: data and model samples", Path.Combine(plots, DataDensityPlot));
            });
        Toy2dReport.WriteCurve(result.Steps, result.Contrast, "Contrastive divergence", "⟨E⟩_data − ⟨E⟩_negatives", "contrast", Path.Combine(plots, ContrastPlot));
        var summary = Invariant($"ebm.train: MLP energy 2-{string.Join("-", config.Hidden)}-1 on {config.Dataset}, {config.Steps} steps, {config.LangevinSteps} ULA steps of ε = {config.StepSize} per negative batch.\n")
            + Invariant($"Final ⟨E⟩_data − ⟨E⟩_neg = {result.Contrast[^1]:F3}; on fresh points the data lie {result.HeldOutMeanEnergyGap:F2} below uniform noise on [−3, 3]².\n");
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), summary);
        Console.Out.Write(summary);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Trains; <paramref name="onLog"/> sees (step, contrast), <paramref name="atEnd"/> the energy, data and buffer.</summary>
    public static EbmTrainResult Compute(EbmTrainConfig config, ulong seed, CancellationToken cancellationToken,
        Action<int, double>? onLog = null, Action<ContinuousEnergy, Tensor, Tensor>? atEnd = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var generator = new Generator(seed);
        var mixture = Toy2dGaussianMixture.OnCircle(8, 2, 0.2);
        using var data = Toy2dSets.Sample(config.Dataset, config.TrainingPoints, config.DataNoise, mixture, generator);
        using var energy = new MlpEnergy(2, config.Hidden, torch.float64, generator);
        var cd = new ContrastiveDivergenceConfig
        {
            LangevinSteps = config.LangevinSteps, StepSize = config.StepSize, BufferSize = config.BufferSize,
            ReinitialiseFraction = config.ReinitialiseFraction, Regularisation = config.Regularisation, LearningRate = config.LearningRate,
            NoiseBox = PlotHalfWidth,
        };
        using var trainer = new ContrastiveDivergenceTrainer(energy, cd, seed + 1);
        var steps = new List<int>();
        var contrasts = new List<double>();
        for (var step = 1; step <= config.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var batch = data.index_select(0, torch.randint(0, config.TrainingPoints, [config.BatchSize], generator: generator));
            var contrast = trainer.Step(batch);
            if (step % config.LogEvery != 0 && step != config.Steps) continue;
            steps.Add(step);
            contrasts.Add(contrast);
            onLog?.Invoke(step, contrast);
        }
        double gap;
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var fresh = Toy2dSets.Sample(config.Dataset, 2048, config.DataNoise, mixture, generator);
            var noise = (torch.rand([2048, 2], torch.float64, generator: generator) * 2 - 1) * PlotHalfWidth;
            gap = energy.call(noise).mean().ItemAs<double>() - energy.call(fresh).mean().ItemAs<double>();
        }
        atEnd?.Invoke(energy, data, trainer.Buffer);
        return new EbmTrainResult([.. steps], [.. contrasts], gap);
    }
}
