using System.Text;
using NeuroThermo.Data;
using NeuroThermo.IO;
using NeuroThermo.Models.Scores;
using NeuroThermo.Reports;
using NeuroThermo.Sampling.Langevin;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using static System.FormattableString;

namespace NeuroThermo.Experiments;

/// <summary>The outcome of <c>score.train</c>.</summary>
/// <param name="Steps">Steps at which the loss was logged.</param>
/// <param name="Loss">The denoising score-matching loss at those steps.</param>
/// <param name="Sigmas">The ladder σ_1 … σ_L.</param>
/// <param name="ScoreError">Relative squared error against the exact score on each rung (mixture only; empty otherwise).</param>
/// <param name="SampleMean">Mean of the annealed Langevin samples.</param>
public sealed record ScoreTrainResult(int[] Steps, double[] Loss, double[] Sigmas, double[] ScoreError, double[] SampleMean);

/// <summary>
/// <c>score.train</c>: denoising score matching of an MLP score network over a geometric noise ladder on a 2D toy set,
/// the learned score against the exact one for the Gaussian mixture, and annealed Langevin sampling from the network.
/// </summary>
public static class ScoreTrainExperiment
{
    public const string LossPlot = "loss.svg", ErrorPlot = "score-error.svg", CloudsPlot = "annealed-langevin.svg", SummaryFile = "summary.md";

    /// <summary>Points from p_σ at which the score error is measured on each rung.</summary>
    private const int ProbePoints = 4096;

    public static Task<RunOutcome> RunAsync(ScoreTrainConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var file = context.Directory.ConfigFile;
        if (config.SigmaMax <= config.SigmaMin)
            throw new ConfigException(Invariant($"Config '{file}' at $.sigmaMax: {config.SigmaMax} must exceed sigmaMin {config.SigmaMin}."), file, "$.sigmaMax");
        if (config.Hidden.Length == 0 || config.Hidden.Any(w => w < 1))
            throw new ConfigException($"Config '{file}' at $.hidden: expected at least one hidden width, each at least 1.", file, "$.hidden");
        var plots = Path.Combine(context.Directory.Path, "plots");
        Directory.CreateDirectory(plots);
        var clouds = new List<(string, Tensor)>();
        ScoreTrainResult result;
        try
        {
            result = Compute(config, (ulong)context.Seed, cancellationToken,
                (step, loss) => context.Metrics.Write(step, ("loss", loss)),
                (label, points) =>
                {
                    using var head = points.narrow(0, 0, Math.Min(600, points.shape[0]));
                    clouds.Add((label, head.clone().DetachFromDisposeScope()));
                });
            Toy2dReport.WriteClouds(clouds, $"Annealed Langevin with the learned score ({config.Dataset})", Path.Combine(plots, CloudsPlot));
        }
        finally
        {
            foreach (var (_, points) in clouds) points.Dispose();
        }
        Toy2dReport.WriteCurve(result.Steps, result.Loss, "Denoising score matching", "loss ½⟨‖σ s_θ + z‖²⟩", "loss", Path.Combine(plots, LossPlot));
        if (result.ScoreError.Length > 0)
        {
            new Plot { Title = "Learned against exact score of the mixture", XLabel = "noise level σ", YLabel = "relative squared error", XScale = AxisScale.Log10, YScale = AxisScale.Log10 }
                .AddLine(result.Sigmas, result.ScoreError, "Σ‖s_θ − s*‖² / Σ‖s*‖² over x ~ p_σ")
                .WriteSvg(Path.Combine(plots, ErrorPlot));
        }
        var summary = Summary(config, result);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), summary);
        Console.Out.Write(summary);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>
    /// Trains, measures and samples; <paramref name="onLog"/> sees (step, loss), <paramref name="onCloud"/> labelled
    /// clouds: the data, then the chains after every few rungs of annealed Langevin.
    /// </summary>
    public static ScoreTrainResult Compute(ScoreTrainConfig config, ulong seed, CancellationToken cancellationToken,
        Action<int, double>? onLog = null, Action<string, Tensor>? onCloud = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var generator = new Generator(seed);
        var mixture = Toy2dGaussianMixture.OnCircle(8, 2, 0.2);
        var ladder = new NoiseLadder(config.SigmaMax, config.SigmaMin, config.Levels);
        using var data = Toy2dSets.Sample(config.Dataset, config.TrainingPoints, config.DataNoise, mixture, generator);
        using var network = new NoiseConditionalScoreNetwork(2, config.Hidden, torch.float64, generator);
        var steps = new List<int>();
        var losses = new List<double>();
        using (var trainer = new ScoreMatchingTrainer(network, ladder, config.LearningRate, generator))
        {
            var decayAt = config.Steps - config.Steps / 4;
            for (var step = 1; step <= config.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (step == decayAt + 1) trainer.LearningRate = config.LearningRate / 10;
                using var scope = torch.NewDisposeScope();
                var batch = data.index_select(0, torch.randint(0, config.TrainingPoints, [config.BatchSize], generator: generator));
                var loss = trainer.Step(batch);
                if (step % config.LogEvery != 0 && step != config.Steps) continue;
                steps.Add(step);
                losses.Add(loss);
                onLog?.Invoke(step, loss);
            }
        }

        var errors = new List<double>();
        if (config.Dataset == Toy2dSet.Mixture)
        {
            var exact = new MixtureScore(mixture);
            foreach (var sigma in ladder.Sigmas)
            {
                using var probe = mixture.Smoothed(sigma).Sample(ProbePoints, generator);
                errors.Add(ScoreComparison.RelativeSquaredError(network, exact, probe, sigma));
            }
        }

        onCloud?.Invoke("data", data);
        var sampler = new AnnealedLangevin(network, ladder, config.StepSizeOverSigmaMinSquared * ladder.Smallest * ladder.Smallest, config.StepsPerLevel, finalDenoise: true);
        using var start = (torch.rand([config.SampleChains, 2], torch.float64, generator: generator) * 2 - 1) * ladder.Largest;
        using var state = new LangevinState(start, seed + 1);
        var shown = new HashSet<int> { 0, ladder.Levels / 2 };
        sampler.Run(state, (level, chains) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (shown.Contains(level)) onCloud?.Invoke(Invariant($"after σ = {ladder.Sigmas[level]:G2}"), chains.Positions);
        });
        onCloud?.Invoke("final (denoised)", state.Positions);
        using var mean = state.Positions.mean([0]);
        return new ScoreTrainResult([.. steps], [.. losses], [.. ladder.Sigmas], [.. errors], mean.ToArray<double>());
    }

    private static string Summary(ScoreTrainConfig config, ScoreTrainResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"score.train: NCSN MLP (2+1)-{string.Join("-", config.Hidden)}-2 on {config.Dataset}, σ from {config.SigmaMax} to {config.SigmaMin} in {config.Levels} rungs, {config.Steps} steps."));
        text.AppendLine(Invariant($"Denoising loss {result.Loss[0]:F3} at step {result.Steps[0]}, {result.Loss[^1]:F3} at step {result.Steps[^1]}."));
        if (result.ScoreError.Length > 0)
        {
            text.AppendLine("Relative squared error of the learned score against the exact mixture score, over x ~ p_σ:");
            text.AppendLine("| σ | error |");
            text.AppendLine("| --- | --- |");
            for (var i = 0; i < result.Sigmas.Length; i++) text.AppendLine(Invariant($"| {result.Sigmas[i]:G3} | {result.ScoreError[i]:G3} |"));
        }
        text.AppendLine(Invariant($"Annealed Langevin ({config.SampleChains} chains, {config.StepsPerLevel} steps per rung): sample mean ({result.SampleMean[0]:F3}, {result.SampleMean[1]:F3})."));
        return text.ToString();
    }
}
