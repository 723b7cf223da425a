using System.Globalization;
using NeuroThermo.Data;
using NeuroThermo.IO;
using NeuroThermo.Models;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>mlp.train</c>: an <see cref="Mlp"/> classifier trained on Fashion-MNIST or a user's IDX files by
/// <see cref="ClassifierTrainer"/>. After every epoch it logs the training loss, the validation loss and accuracy and
/// the learning rate, and saves a checkpoint; it stops after <see cref="MlpTrainConfig.Epochs"/> or when the
/// validation loss has not improved for <see cref="MlpTrainConfig.Patience"/> epochs. Then it evaluates the weights
/// of the best validation loss on the test set and writes the confusion matrix (PNG heat map and CSV) and a grid of
/// misclassified test images.
/// </summary>
public static class MlpTrainExperiment
{
    /// <summary>Mean training cost over the epoch's batches.</summary>
    public const string TrainLoss = "train_loss";

    /// <summary>Mean cost on the validation split.</summary>
    public const string ValidationLoss = "validation_loss";

    /// <summary>Share of the validation split classified correctly.</summary>
    public const string ValidationAccuracy = "validation_accuracy";

    /// <summary>The learning rate at the end of the epoch.</summary>
    public const string LearningRate = "learning_rate";

    /// <summary>Mean cost of the best weights on the test set.</summary>
    public const string TestLoss = "test_loss";

    /// <summary>Share of the test set the best weights classify correctly.</summary>
    public const string TestAccuracy = "test_accuracy";

    /// <summary>The confusion matrix as CSV, in the run directory.</summary>
    public const string ConfusionCsv = "confusion-matrix.csv";

    /// <summary>What each tile of <c>images/misclassified.png</c> shows, as CSV, in the run directory.</summary>
    public const string MisclassifiedCsv = "misclassified.csv";

    /// <summary>Trains (or resumes), evaluates and writes the images; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(MlpTrainConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var (train, test) = config.Data.Load("mlp.train");
        using var trainSet = train;
        using var testSet = test;
        using var split = new ValidationSplit(train.Images, train.Labels, config.ValidationFraction);
        int classes = Math.Max(train.Classes, test.Classes);
        long trainCount = split.TrainImages.size(0);
        long stepsPerEpoch = (trainCount + config.BatchSize - 1) / config.BatchSize;

        using var trainer = new ClassifierTrainer(ModelConfig(config, train.Height * train.Width, classes),
            parameters => Optimizer(config, parameters, stepsPerEpoch), config.BatchSize, unchecked((ulong)context.Seed), context.Group);
        using (var checkpoint = context.Checkpoints.LoadLatest<ClassifierTrainer.State>())
        {
            if (checkpoint is not null)
            {
                trainer.Restore(checkpoint);
                context.Progress.WriteLine($"resuming from the checkpoint of step {trainer.Step} (epoch {trainer.Epoch})");
            }
        }

        using (var progress = context.Progress.Start("training", config.Epochs * stepsPerEpoch, trainer.Step))
        {
            while (trainer.Epoch < config.Epochs && trainer.EpochsSinceBest < config.Patience)
            {
                double? trainLoss = trainer.StopRequested(cancellationToken)
                    ? null
                    : trainer.TrainEpoch(split.TrainImages, split.TrainLabels, cancellationToken, progress.Report);
                if (trainLoss is null)
                {
                    trainer.Save(context.Checkpoints);
                    context.Progress.WriteLine($"stopped at step {trainer.Step} in epoch {trainer.Epoch + 1}; the checkpoint is saved");
                    return Task.FromResult(RunOutcome.Interrupted);
                }
                var validation = trainer.Evaluate(split.ValidationImages, split.ValidationLabels);
                bool improved = trainer.RecordValidation(validation.Loss);
                context.Metrics.Write(trainer.Step, (TrainLoss, trainLoss.Value), (ValidationLoss, validation.Loss),
                    (ValidationAccuracy, validation.Accuracy), (LearningRate, trainer.LearningRate));
                context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {trainer.Epoch,3}  train loss {trainLoss:F4}  validation loss {validation.Loss:F4}  accuracy {validation.Accuracy:P2}{(improved ? "  (best)" : "")}"));
                trainer.Save(context.Checkpoints);
            }
        }
        if (trainer.EpochsSinceBest >= config.Patience)
            context.Progress.WriteLine($"early stop: no better validation loss for {config.Patience} epochs after epoch {trainer.BestEpoch}");

        trainer.RestoreBest();
        var result = trainer.Evaluate(test.Images, test.Labels);
        // Resuming a finished run lands here again; its test record, logged at the last checkpoint's step, survived
        // the resume's trimming of the log, and the same weights give the same record, so it is not written twice.
        bool logged = MetricsFile.Read(context.Directory.MetricsFile).Records.Any(r => r.Step == trainer.Step && r.Values.ContainsKey(TestAccuracy));
        if (!logged)
            context.Metrics.Write(trainer.Step, (TestLoss, result.Loss), (TestAccuracy, result.Accuracy));
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test accuracy {result.Accuracy:P2} (loss {result.Loss:F4}) with the weights of epoch {trainer.BestEpoch}"));
        WriteImages(config, context.Directory, test, result, classes);
        return Task.FromResult(RunOutcome.Completed);
    }

    private static MlpConfig ModelConfig(MlpTrainConfig config, int inputs, int classes) => new()
    {
        Widths = [inputs, .. config.HiddenWidths, classes],
        Hidden = config.Activation,
        // Cross-entropy reads logits; the quadratic cost of eq. 5.8 compares sigmoid outputs with one-hot rows.
        Output = config.Cost == Cost.SoftmaxCrossEntropy ? Activation.Identity : Activation.Sigmoid,
        Cost = config.Cost,
    };

    private static TrainingOptimizer Optimizer(MlpTrainConfig config, IEnumerable<Parameter> parameters, long stepsPerEpoch)
    {
        LearningRateSchedule schedule = config.Schedule switch
        {
            MlpSchedule.Constant => new ConstantSchedule(),
            MlpSchedule.Step => new StepSchedule(config.StepEpochs * stepsPerEpoch, config.StepGamma),
            MlpSchedule.WarmupCosine => new WarmupCosineSchedule(
                (long)Math.Round(config.WarmupEpochs * stepsPerEpoch), Math.Max(1, config.Epochs * stepsPerEpoch), config.MinLearningRateFactor),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Schedule, "unknown schedule"),
        };
        return config.Optimizer == MlpOptimizer.Sgd
            ? TrainingOptimizer.Sgd(parameters, config.LearningRate, config.Momentum, config.WeightDecay, schedule)
            : TrainingOptimizer.AdamW(parameters, config.LearningRate, config.WeightDecay, schedule);
    }

    private static void WriteImages(MlpTrainConfig config, RunDirectory run, ImageDataset test, ClassifierEvaluation result, int classes)
    {
        var confusion = new ConfusionMatrix(result.Truth, result.Predicted, classes);
        PngEncoder.Write(Path.Combine(run.ImagesDirectory, "confusion-matrix.png"), confusion.ToHeatMap());
        AtomicFile.WriteAllText(Path.Combine(run.Path, ConfusionCsv), confusion.ToCsv());

        var wrong = Enumerable.Range(0, result.Truth.Length).Where(i => result.Truth[i] != result.Predicted[i])
            .Take(config.MisclassifiedShown).Select(i => (long)i).ToArray();
        // The grid has no text, so its captions live beside it: one row per tile, left to right, top to bottom.
        AtomicFile.WriteAllText(Path.Combine(run.Path, MisclassifiedCsv), "tile,test_index,true_class,predicted_class\n" + string.Concat(
            wrong.Select((index, tile) => string.Create(CultureInfo.InvariantCulture, $"{tile},{index},{result.Truth[index]},{result.Predicted[index]}\n"))));
        if (wrong.Length == 0)
            return;
        using var scope = torch.NewDisposeScope();
        var pixels = test.Images.index_select(0, torch.tensor(wrong)).ToArray<float>(); // (k, H·W) flattened
        int size = test.Height * test.Width;
        var tiles = Enumerable.Range(0, wrong.Length)
            .Select(i => GrayImage.FromUnitInterval<float>(test.Width, test.Height, pixels.AsSpan(i * size, size))).ToList();
        PngEncoder.Write(Path.Combine(run.ImagesDirectory, "misclassified.png"), ImageGrid.Tile(tiles, columns: 8, padding: 2, paddingValue: 128).Upscale(2));
    }
}
