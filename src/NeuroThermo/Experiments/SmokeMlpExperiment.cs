using System.Globalization;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>smoke.mlp</c>: trains <see cref="SmokeMlpTrainer"/> for the configured steps, logging the loss,
/// checkpointing every <see cref="SmokeMlpConfig.CheckpointEvery"/> steps, at the end and on cancellation,
/// and continuing from the latest checkpoint when the run directory has one. The loss must fall.
/// </summary>
public static class SmokeMlpExperiment
{
    /// <summary>The metric this experiment logs: the mean squared error of the step's batch, before the step.</summary>
    public const string LossMetric = "loss";

    /// <summary>Trains (or resumes) and checkpoints; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(SmokeMlpConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        using var trainer = new SmokeMlpTrainer(config, unchecked((ulong)context.Seed), ComputeDevice.Open(config.Device));
        using (var checkpoint = context.Checkpoints.LoadLatest<SmokeMlpTrainer.State>())
        {
            if (checkpoint is not null)
            {
                trainer.Restore(checkpoint);
                context.Progress.WriteLine($"resuming from the checkpoint of step {trainer.Step}");
            }
        }

        long savedAt = trainer.Step, loggedAt = trainer.Step;
        double loss = double.NaN;
        using (var progress = context.Progress.Start("training", config.Steps, Math.Min(trainer.Step, config.Steps)))
        {
            while (trainer.Step < config.Steps && !cancellationToken.IsCancellationRequested)
            {
                loss = trainer.TrainStep();
                progress.Report(trainer.Step);
                if (trainer.Step % config.LogEvery == 0)
                    loggedAt = Log(context, trainer.Step, loss);
                if (trainer.Step % config.CheckpointEvery == 0)
                {
                    trainer.Save(context.Checkpoints);
                    savedAt = trainer.Step;
                }
            }
        }

        // The last step's loss and state are kept whether the run finished or was stopped.
        if (loggedAt != trainer.Step && !double.IsNaN(loss))
            Log(context, trainer.Step, loss);
        if (savedAt != trainer.Step || trainer.Step == 0)
            trainer.Save(context.Checkpoints);
        if (trainer.Step < config.Steps)
        {
            context.Progress.WriteLine($"stopped after step {trainer.Step} of {config.Steps}; the checkpoint is saved");
            return Task.FromResult(RunOutcome.Interrupted);
        }
        return Task.FromResult(RunOutcome.Completed);
    }

    private static long Log(RunContext context, long step, double loss)
    {
        context.Metrics.Write(step, (LossMetric, loss));
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step,6}  loss {loss:F5}"));
        return step;
    }
}
