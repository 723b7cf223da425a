using System.Globalization;
using NeuroThermo.Models;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>double-descent</c>: for each feature count p of the sweep, fits <see cref="MinimumNormRegression"/> on n
/// training images with one-hot targets and logs the train and test mean squared error and 0-1 error with p as the
/// step; then plots them against p on a log axis with a vertical line at the interpolation threshold p = n. If the
/// config's <c>mlp</c> section lists widths, a second sweep follows: for each hidden width h, an MLP trained by
/// <see cref="MlpWidthFit"/> on the same images and labels, logged under the <c>mlp_</c> metrics and plotted with the
/// random features against the number of trainable parameters, where both thresholds fall at n K. A checkpoint after
/// every p and every h lets a stopped sweep resume where it stopped (a network stopped halfway is trained again).
/// </summary>
/// <remarks>
/// Random draws, all from one generator seeded with the run's seed, in this order: the training subset, the label
/// noise, the feature weights, one seed per width (each network's initial weights and batch order come from its own).
/// The MLP records follow the feature records in the log with steps p_max + 1, p_max + 2, … (the width's position in
/// the sweep), since a resume trims the log by step and so needs steps that grow through the whole run; their width
/// and parameter count are metrics of their own.
/// </remarks>
public static class DoubleDescentExperiment
{
    /// <summary>Metric names of the random-feature sweep; the step of each record is the feature count p.</summary>
    public const string TrainMse = "train_mse", TestMse = "test_mse", TrainError = "train_error", TestError = "test_error", WeightNorm = "weight_norm";

    /// <summary>Metric names of the MLP sweep; see the remarks for their steps.</summary>
    public const string MlpWidth = "mlp_width", MlpParameters = "mlp_parameters", MlpTrainLoss = "mlp_train_loss",
        MlpTrainMse = "mlp_train_mse", MlpTestMse = "mlp_test_mse", MlpTrainError = "mlp_train_error", MlpTestError = "mlp_test_error";

    /// <summary>The plots this experiment writes into the run's plots directory: against p, and (with the MLP sweep)
    /// both curves against trainable parameters.</summary>
    public const string MsePlot = "double-descent-mse.svg", ErrorPlot = "double-descent-error.svg",
        ParameterMsePlot = "double-descent-parameters-mse.svg", ParameterErrorPlot = "double-descent-parameters-error.svg";

    /// <summary>Runs (or resumes) the sweeps and writes the plots.</summary>
    public static Task<RunOutcome> RunAsync(DoubleDescentConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var counts = Sweep(config.MinFeatures, config.MaxFeatures, config.FeatureCounts);
        int[] widths = config.Mlp.Widths;
        for (int i = 1; i < widths.Length; i++)
        {
            if (widths[i] <= widths[i - 1])
                throw new ArgumentException($"double-descent's mlp.widths must increase strictly, but {widths[i]} follows {widths[i - 1]}.");
        }
        var (train, test) = config.Data.Load("double-descent");
        using var trainSet = train;
        using var testSet = test;
        if (config.TrainCount > train.Count)
            throw new ArgumentException($"double-descent's trainCount is {config.TrainCount} but the training set holds only {train.Count} images.");
        int classes = Math.Max(train.Classes, test.Classes);

        using var generator = new Generator(unchecked((ulong)context.Seed));
        using var scope = torch.NewDisposeScope();
        var subset = torch.randperm(train.Count, generator: generator).narrow(0, 0, config.TrainCount); // (n)
        var trainX = train.Images.index_select(0, subset);                                    // (n, d)
        var trainY = Noisy(train.Labels.index_select(0, subset), config.LabelNoise, classes, generator);
        long testCount = Math.Min(config.TestCount, test.Count);
        var testX = test.Images.narrow(0, 0, testCount);                                      // (m, d)
        var testY = test.Labels.narrow(0, 0, testCount);                                      // (m)
        var trainTargets = torch.nn.functional.one_hot(trainY, classes).to(ScalarType.Float64); // (n, k)
        var testTargets = torch.nn.functional.one_hot(testY, classes).to(ScalarType.Float64);
        using var map = new RandomReluFeatures(train.Height * train.Width, counts[^1], generator);
        long[] widthSeeds = widths.Length == 0 ? [] : torch.randint(0, long.MaxValue, [widths.Length], generator: generator).ToArray<long>();

        int countsDone, widthsDone;
        using (var checkpoint = context.Checkpoints.LoadLatest<State>())
            (countsDone, widthsDone) = (checkpoint?.State.CountsDone ?? 0, checkpoint?.State.WidthsDone ?? 0);
        if (countsDone > 0)
            context.Progress.WriteLine($"resuming after {countsDone} of {counts.Length} feature counts and {widthsDone} of {widths.Length} widths");
        using (var progress = context.Progress.Start("features", counts.Length, countsDone, "counts"))
        {
            for (; countsDone < counts.Length; countsDone++)
            {
                if (cancellationToken.IsCancellationRequested)
                    return Stopped(context, $"{countsDone} of {counts.Length} feature counts");
                var fit = MinimumNormRegression.Fit(map, counts[countsDone], trainX, trainTargets, testX, testTargets);
                context.Metrics.Write(fit.Features, (TrainMse, fit.TrainMse), (TestMse, fit.TestMse),
                    (TrainError, fit.TrainError), (TestError, fit.TestError), (WeightNorm, fit.WeightNorm));
                context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"p {fit.Features,6}  train mse {fit.TrainMse:G4}  test mse {fit.TestMse:G4}  test error {fit.TestError:P1}  ‖β‖ {fit.WeightNorm:G4}"));
                // The state is the sweep position alone: data, noise and features are redrawn from the seed on resume.
                context.Checkpoints.Save(fit.Features, [], new State(countsDone + 1, 0));
                progress.Report(countsDone + 1);
            }
        }
        if (widths.Length > 0)
        {
            using var progress = context.Progress.Start("widths", widths.Length, widthsDone, "networks");
            for (; widthsDone < widths.Length; widthsDone++)
            {
                var fit = cancellationToken.IsCancellationRequested
                    ? null
                    : MlpWidthFit.Fit(widths[widthsDone], config.Mlp, trainX, trainY, testX, testY, classes, unchecked((ulong)widthSeeds[widthsDone]), cancellationToken);
                if (fit is null)
                    return Stopped(context, $"{widthsDone} of {widths.Length} widths");
                long step = counts[^1] + widthsDone + 1;
                context.Metrics.Write(step, (MlpWidth, fit.Width), (MlpParameters, fit.Parameters), (MlpTrainLoss, fit.TrainLoss),
                    (MlpTrainMse, fit.TrainMse), (MlpTestMse, fit.TestMse), (MlpTrainError, fit.TrainError), (MlpTestError, fit.TestError));
                context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"h {fit.Width,5}  parameters {fit.Parameters,8}  train mse {fit.TrainMse:G4}  test mse {fit.TestMse:G4}  train error {fit.TrainError:P1}  test error {fit.TestError:P1}"));
                context.Checkpoints.Save(step, [], new State(counts.Length, widthsDone + 1));
                progress.Report(widthsDone + 1);
            }
        }
        var history = MetricsFile.Read(context.Directory.MetricsFile);
        WriteFeaturePlots(history, context.Directory, config.TrainCount);
        if (widths.Length > 0)
            WriteParameterPlots(history, context.Directory, config.TrainCount, classes);
        return Task.FromResult(RunOutcome.Completed);
    }

    private static Task<RunOutcome> Stopped(RunContext context, string where)
    {
        context.Progress.WriteLine($"stopped after {where}; the checkpoint is saved");
        return Task.FromResult(RunOutcome.Interrupted);
    }

    /// <summary><paramref name="count"/> integers log-spaced from <paramref name="min"/> to <paramref name="max"/>, rounded, without duplicates.</summary>
    public static long[] Sweep(int min, int max, int count)
    {
        if (max < min)
            throw new ArgumentException($"double-descent's maxFeatures ({max}) is below its minFeatures ({min}).");
        if (count == 1)
            return [max];
        return Enumerable.Range(0, count)
            .Select(i => (long)Math.Round(min * Math.Pow((double)max / min, (double)i / (count - 1))))
            .Distinct().ToArray();
    }

    // Replaces each label, with probability `noise`, by a class drawn uniformly (possibly the same one).
    private static Tensor Noisy(Tensor labels, double noise, int classes, Generator generator)
    {
        var flip = torch.rand([labels.size(0)], generator: generator).lt(noise);           // (n)
        var random = torch.randint(0, classes, [labels.size(0)], generator: generator);    // (n)
        return torch.where(flip, random, labels);
    }

    private static void WriteFeaturePlots(MetricsHistory history, RunDirectory run, int trainCount)
    {
        foreach (var (file, train, test, label) in new[] { (MsePlot, TrainMse, TestMse, "mean squared error"), (ErrorPlot, TrainError, TestError, "0-1 error") })
        {
            var (p, trainValues) = history.Series(train);
            var (_, testValues) = history.Series(test);
            var (bottom, top) = Range(file == MsePlot, testValues, trainValues);
            var plot = new Plot
            {
                Title = $"Double descent: random ReLU features, n = {trainCount}",
                XLabel = "features p",
                YLabel = label,
                XScale = AxisScale.Log10,
                YScale = file == MsePlot ? AxisScale.Log10 : AxisScale.Linear,
            };
            plot.AddLine(p, testValues, "test").AddLine(p, Floor(trainValues, bottom), "train")
                .Add([trainCount, trainCount], [bottom, top], "p = n", SeriesStyle.Line);
            plot.WriteSvg(Path.Combine(run.PlotsDirectory, file));
        }
    }

    // Both curves against trainable parameters: p K coefficients for the random features, (d + 1) h + (h + 1) K for
    // the MLP, so that both interpolation thresholds sit on the one line at n K.
    private static void WriteParameterPlots(MetricsHistory history, RunDirectory run, int trainCount, int classes)
    {
        var (_, mlpParameters) = history.Series(MlpParameters);
        foreach (var (file, train, test, mlpTrain, mlpTest, label) in new[]
        {
            (ParameterMsePlot, TrainMse, TestMse, MlpTrainMse, MlpTestMse, "mean squared error"),
            (ParameterErrorPlot, TrainError, TestError, MlpTrainError, MlpTestError, "0-1 error"),
        })
        {
            var (p, trainValues) = history.Series(train);
            var (_, testValues) = history.Series(test);
            var (_, mlpTrainValues) = history.Series(mlpTrain);
            var (_, mlpTestValues) = history.Series(mlpTest);
            bool logY = file == ParameterMsePlot;
            var (bottom, top) = Range(logY, [.. testValues, .. mlpTestValues], [.. trainValues, .. mlpTrainValues]);
            var featureParameters = p.Select(count => count * classes).ToArray();
            var plot = new Plot
            {
                Title = $"Double descent: random features and MLP width, n = {trainCount}",
                XLabel = "trainable parameters",
                YLabel = label,
                XScale = AxisScale.Log10,
                YScale = logY ? AxisScale.Log10 : AxisScale.Linear,
            };
            plot.AddLine(featureParameters, testValues, "random features, test")
                .AddLine(featureParameters, Floor(trainValues, bottom), "random features, train")
                .AddLine(mlpParameters, mlpTestValues, "MLP (AdamW), test")
                .AddLine(mlpParameters, Floor(mlpTrainValues, bottom), "MLP (AdamW), train")
                .Add([trainCount * classes, trainCount * classes], [bottom, top], "n K", SeriesStyle.Line);
            plot.WriteSvg(Path.Combine(run.PlotsDirectory, file));
        }
    }

    // The y range of a plot: 0 to the largest value on a linear axis; on a log axis from a tenth of the smallest
    // positive test value, so that a train error of zero (interpolation) is drawn at the floor instead of vanishing.
    private static (double Bottom, double Top) Range(bool logY, double[] testValues, double[] trainValues)
    {
        double top = testValues.Concat(trainValues).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        double bottom = logY ? Math.Max(1e-6, testValues.Where(v => v > 0).DefaultIfEmpty(1e-3).Min() / 10) : 0;
        return (bottom, top);
    }

    private static double[] Floor(double[] values, double bottom) => values.Select(v => Math.Max(v, bottom)).ToArray();

    /// <summary>The checkpointed sweep position.</summary>
    /// <param name="CountsDone">Feature counts already fitted and logged.</param>
    /// <param name="WidthsDone">MLP widths already trained and logged (0 in checkpoints written before the MLP sweep existed).</param>
    public sealed record State(int CountsDone, int WidthsDone = 0);
}
