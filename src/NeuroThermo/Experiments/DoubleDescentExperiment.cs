using System.Globalization;
using NeuroThermo.Models;
using NeuroThermo.Reports;
using NeuroThermo.Torch;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>double-descent</c>: for each feature count p of the sweep, fits <see cref="MinimumNormRegression"/> on n
/// training images with one-hot targets and logs the train and test mean squared error and 0-1 error with p as the
/// step; then plots them against p on a log axis with a vertical line at the interpolation threshold p = n. A
/// checkpoint after every p lets a stopped sweep resume where it stopped.
/// </summary>
/// <remarks>
/// Random draws, all from one generator seeded with the run's seed, in this order: the training subset, the label
/// noise, the feature weights.
/// </remarks>
public static class DoubleDescentExperiment
{
    /// <summary>Metric names; the step of each record is the feature count p.</summary>
    public const string TrainMse = "train_mse", TestMse = "test_mse", TrainError = "train_error", TestError = "test_error", WeightNorm = "weight_norm";

    /// <summary>The plots this experiment writes into the run's plots directory.</summary>
    public const string MsePlot = "double-descent-mse.svg", ErrorPlot = "double-descent-error.svg";

    /// <summary>Runs (or resumes) the sweep and writes the plots.</summary>
    public static Task<RunOutcome> RunAsync(DoubleDescentConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var counts = Sweep(config.MinFeatures, config.MaxFeatures, config.FeatureCounts);
        var (train, test) = config.Data.Load("double-descent");
        using var trainSet = train;
        using var testSet = test;
        if (config.TrainCount > train.Count)
            throw new ArgumentException($"double-descent's trainCount is {config.TrainCount} but the training set holds only {train.Count} images.");
        int classes = Math.Max(train.Classes, test.Classes);

        using var generator = new Generator(unchecked((ulong)context.Seed));
        using var scope = torch.NewDisposeScope();
        var subset = torch.randperm(train.Count, generator).narrow(0, 0, config.TrainCount); // (n)
        var trainX = train.Images.index_select(0, subset);                                    // (n, d)
        var trainY = Noisy(train.Labels.index_select(0, subset), config.LabelNoise, classes, generator);
        long testCount = Math.Min(config.TestCount, test.Count);
        var testX = test.Images.narrow(0, 0, testCount);                                      // (m, d)
        var trainTargets = torch.nn.functional.one_hot(trainY, classes).to(ScalarType.Float64); // (n, k)
        var testTargets = torch.nn.functional.one_hot(test.Labels.narrow(0, 0, testCount), classes).to(ScalarType.Float64);
        using var map = new RandomReluFeatures(train.Height * train.Width, counts[^1], generator);

        int done;
        using (var checkpoint = context.Checkpoints.LoadLatest<State>())
            done = checkpoint?.State.CountsDone ?? 0;
        if (done > 0)
            context.Progress.WriteLine($"resuming after {done} of {counts.Length} feature counts");
        using (var progress = context.Progress.Start("features", counts.Length, done, "counts"))
        {
            for (; done < counts.Length; done++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    context.Progress.WriteLine($"stopped after {done} of {counts.Length} feature counts; the checkpoint is saved");
                    return Task.FromResult(RunOutcome.Interrupted);
                }
                var fit = MinimumNormRegression.Fit(map, counts[done], trainX, trainTargets, testX, testTargets);
                context.Metrics.Write(fit.Features, (TrainMse, fit.TrainMse), (TestMse, fit.TestMse),
                    (TrainError, fit.TrainError), (TestError, fit.TestError), (WeightNorm, fit.WeightNorm));
                context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"p {fit.Features,6}  train mse {fit.TrainMse:G4}  test mse {fit.TestMse:G4}  test error {fit.TestError:P1}  ‖β‖ {fit.WeightNorm:G4}"));
                // The state is the sweep position alone: data, noise and features are redrawn from the seed on resume.
                context.Checkpoints.Save(fit.Features, [], new State(done + 1));
                progress.Report(done + 1);
            }
        }
        WritePlots(context.Directory, config.TrainCount);
        return Task.FromResult(RunOutcome.Completed);
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

    private static void WritePlots(RunDirectory run, int trainCount)
    {
        var history = MetricsFile.Read(run.MetricsFile);
        foreach (var (file, train, test, label) in new[] { (MsePlot, TrainMse, TestMse, "mean squared error"), (ErrorPlot, TrainError, TestError, "0-1 error") })
        {
            var (p, trainValues) = history.Series(train);
            var (_, testValues) = history.Series(test);
            double top = testValues.Concat(trainValues).Where(double.IsFinite).DefaultIfEmpty(1).Max();
            double bottom = file == MsePlot ? Math.Max(1e-6, testValues.Where(v => v > 0).DefaultIfEmpty(1e-3).Min() / 10) : 0;
            var plot = new Plot
            {
                Title = $"Double descent: random ReLU features, n = {trainCount}",
                XLabel = "features p",
                YLabel = label,
                XScale = AxisScale.Log10,
                YScale = file == MsePlot ? AxisScale.Log10 : AxisScale.Linear,
            };
            plot.AddLine(p, testValues, "test").AddLine(p, trainValues.Select(v => Math.Max(v, bottom)).ToArray(), "train")
                .Add([trainCount, trainCount], [bottom, top], "p = n", SeriesStyle.Line);
            plot.WriteSvg(Path.Combine(run.PlotsDirectory, file));
        }
    }

    /// <summary>The checkpointed sweep position.</summary>
    /// <param name="CountsDone">Feature counts already fitted and logged.</param>
    public sealed record State(int CountsDone);
}
