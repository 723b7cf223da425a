using System.Diagnostics;
using System.Globalization;
using NeuroThermo.Models.Diffusion;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>diffusion.train</c>: trains a denoising diffusion model (<see cref="DiffusionTrainer"/>) on two moons or
/// Fashion-MNIST, logging the training loss, the averaged network's loss on held-out rows and the learning rate,
/// checkpointing (and refreshing <see cref="AverageModelFileName"/>, which <c>diffusion.sample</c> reads) and resuming
/// from the latest checkpoint. At the end it plots the losses and draws samples twice, ancestrally and with
/// deterministic DDIM, through <see cref="DiffusionSampling"/>: clouds and energy distances for points, grids for images.
/// </summary>
/// <remarks>The data's random draws use the run's seed, the trainer's the seed + 1, the samplers' the seed + 2 and + 3.</remarks>
public static class DiffusionTrainExperiment
{
    /// <summary>Mean training loss over the steps since the last record.</summary>
    public const string TrainLoss = "train_loss";

    /// <summary>Loss of the averaged network on the held-out rows, with fixed draws of t and ε.</summary>
    public const string HeldOutLoss = "heldout_loss";

    /// <summary>The learning rate of the next step.</summary>
    public const string LearningRate = "learning_rate";

    /// <summary>Wall-clock seconds spent in training steps so far, resumes included.</summary>
    public const string TrainSeconds = "train_seconds";

    /// <summary>D² between two independent samples of the data itself, logged once at the end.</summary>
    public const string DataFloor = "energy_distance_data";

    /// <summary>The averaged network's weights, in the run directory.</summary>
    public const string AverageModelFileName = "average.safetensors";

    /// <summary>The loss curves, in plots/.</summary>
    public const string LossPlot = "loss.svg";

    /// <summary>Trains (or resumes), then plots and samples; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(DiffusionTrainConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        Check(config.TimeEmbedding % 2 == 0, context, "$.timeEmbedding",
            $"expected an even size (sines and cosines come in pairs), got {config.TimeEmbedding}");
        Check(config.WarmupSteps < config.TrainSteps, context, "$.warmupSteps",
            $"expected fewer warm-up steps than the {config.TrainSteps} training steps, got {config.WarmupSteps}");
        Check(config.DdimSteps <= config.DiffusionSteps, context, "$.ddimSteps",
            $"expected at most the {config.DiffusionSteps} diffusion steps, got {config.DdimSteps}");
        ulong seed = unchecked((ulong)context.Seed);
        using var data = DiffusionData.Load(config, seed);
        var schedule = NoiseSchedule.Create(config.Schedule, config.DiffusionSteps);
        using var trainer = new DiffusionTrainer(Network(config, data.Dimension), schedule,
            parameters => TrainingOptimizer.AdamW(parameters, config.LearningRate, config.WeightDecay,
                new WarmupCosineSchedule(config.WarmupSteps, config.TrainSteps, config.MinLearningRateFactor)),
            config.BatchSize, config.AverageDecay, seed + 1);
        using (var checkpoint = context.Checkpoints.LoadLatest<DiffusionTrainer.State>())
        {
            if (checkpoint is not null)
            {
                trainer.Restore(checkpoint);
                context.Progress.WriteLine($"resuming from the checkpoint of step {trainer.Step}");
            }
        }

        if (!Train(config, context, trainer, data, cancellationToken))
            return Task.FromResult(RunOutcome.Interrupted);

        WriteLossPlot(context.Directory);
        long step = trainer.Step;
        if (!data.IsImages)
            context.Metrics.Write(step, (DataFloor, DiffusionSampling.DataFloor(data, config.SampleCount)));
        DiffusionSampling.Run(trainer.Average, schedule, data,
            new DiffusionDraw(DiffusionSamplerKind.Ancestral, schedule.Steps, 1, AncestralVariance.Posterior, config.SampleCount, seed + 2), context, step);
        DiffusionSampling.Run(trainer.Average, schedule, data,
            new DiffusionDraw(DiffusionSamplerKind.Ddim, config.DdimSteps, 0, AncestralVariance.Posterior, config.SampleCount, seed + 3), context, step);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>The ε-network <paramref name="config"/> describes for rows of <paramref name="dimension"/>.</summary>
    public static EpsilonNetworkConfig Network(DiffusionTrainConfig config, int dimension)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new EpsilonNetworkConfig
        {
            Dimension = dimension, HiddenWidth = config.HiddenWidth, Blocks = config.Blocks, TimeEmbedding = config.TimeEmbedding,
        };
    }

    private static void Check(bool holds, RunContext context, string path, string expectation)
    {
        if (!holds)
            throw new ConfigException($"Config '{context.Directory.ConfigFile}' at {path}: {expectation}.", context.Directory.ConfigFile, path);
    }

    // Returns false if stopped before the last step (the checkpoint is then saved).
    private static bool Train(DiffusionTrainConfig config, RunContext context, DiffusionTrainer trainer, DiffusionData data, CancellationToken cancellationToken)
    {
        double seconds = MetricsFile.Read(context.Directory.MetricsFile).Last(TrainSeconds)?.Values[TrainSeconds] ?? 0;
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        int lossCount = 0;
        long savedAt = trainer.Step;
        using (var progress = context.Progress.Start("training", config.TrainSteps, Math.Min(trainer.Step, config.TrainSteps)))
        {
            while (trainer.Step < config.TrainSteps && !cancellationToken.IsCancellationRequested)
            {
                lossSum += trainer.TrainStep(data.Train);
                lossCount++;
                progress.Report(trainer.Step);
                if (trainer.Step % config.LogEvery == 0 || trainer.Step == config.TrainSteps)
                {
                    seconds += clock.Elapsed.TotalSeconds;
                    double heldOut = trainer.Evaluate(data.HeldOut, unchecked((ulong)context.Seed) + 4);
                    context.Metrics.Write(trainer.Step, (TrainLoss, lossSum / lossCount), (HeldOutLoss, heldOut),
                        (LearningRate, trainer.LearningRate), (TrainSeconds, seconds));
                    context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"step {trainer.Step,7}  train loss {lossSum / lossCount:F4}  held-out loss {heldOut:F4}  {seconds:F0} s"));
                    lossSum = 0;
                    lossCount = 0;
                    clock.Restart();
                }
                if (trainer.Step % config.CheckpointEvery == 0 || trainer.Step == config.TrainSteps)
                {
                    Save(context, trainer);
                    savedAt = trainer.Step;
                }
            }
        }
        if (savedAt != trainer.Step || trainer.Step == 0)
            Save(context, trainer);
        if (trainer.Step >= config.TrainSteps)
            return true;
        context.Progress.WriteLine($"stopped after step {trainer.Step} of {config.TrainSteps}; the checkpoint is saved");
        return false;
    }

    private static void Save(RunContext context, DiffusionTrainer trainer)
    {
        trainer.Save(context.Checkpoints);
        trainer.Average.save_safetensors(Path.Combine(context.Directory.Path, AverageModelFileName),
            new Dictionary<string, string> { ["step"] = trainer.Step.ToString(CultureInfo.InvariantCulture) });
    }

    private static void WriteLossPlot(RunDirectory run)
    {
        var history = MetricsFile.Read(run.MetricsFile);
        var (trainSteps, train) = history.Series(TrainLoss);
        var (heldOutSteps, heldOut) = history.Series(HeldOutLoss);
        if (train.Length == 0)
            return;
        new Plot { Title = "Denoising loss |ε − ε̂|²", XLabel = "step", YLabel = "loss", YScale = AxisScale.Log10 }
            .AddLine(trainSteps, train, "training batches")
            .AddLine(heldOutSteps, heldOut, "held-out, averaged weights")
            .WriteSvg(Path.Combine(run.PlotsDirectory, LossPlot));
    }
}
