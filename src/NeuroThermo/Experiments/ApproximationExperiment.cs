using System.Globalization;
using NeuroThermo.Models;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.TorchExtensions;

using optim = NeuroThermo.TorchExtensions.Optim.optim;

namespace NeuroThermo.Experiments;

/// <summary>The 1D targets of <c>mlp.approximation</c> on [−π, π].</summary>
public enum TargetFunction
{
    /// <summary>sin x: smooth.</summary>
    Sin,

    /// <summary>|x|: a kink at 0, which ReLU units draw exactly and smooth units only approach.</summary>
    Abs,
}

/// <summary>Hyper-parameters of <c>mlp.approximation</c>.</summary>
public sealed record ApproximationConfig
{
    /// <summary>The function fitted.</summary>
    public TargetFunction Function { get; init; } = TargetFunction.Sin;

    /// <summary>Hidden widths tried, one network each; doubling from 1 to 128 shows the error fall over decades.</summary>
    [ConfigRange(1, 65536)]
    public int[] Widths { get; init; } = [1, 2, 4, 8, 16, 32, 64, 128];

    /// <summary>σ of the hidden layer; tanh is the textbook sigmoidal unit of the universal approximation theorem.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Training points, evenly spaced on [−π, π].</summary>
    [ConfigRange(2, 1_000_000)]
    public int Points { get; init; } = 256;

    /// <summary>Full-batch Adam steps per network; 4,000 bring the wide networks near their best fit.</summary>
    [ConfigRange(1, 10_000_000)]
    public int Steps { get; init; } = 4000;

    /// <summary>Adam's learning rate; 0.01 is fast and stable for these small float64 networks.</summary>
    [ConfigRange(0, 10, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 0.01;
}

/// <summary>
/// <c>mlp.approximation</c>: universal approximation by one hidden layer. For each width w, a 1-w-1 network is
/// fitted by full-batch Adam to the target on evenly spaced points of [−π, π] (quadratic cost, eq. 5.8, identity
/// output); the metrics, with the width as step, are the mean squared and largest errors on a grid four times finer.
/// It writes the error against width on log axes, and the fits of every width beside the target. Each network takes
/// about a second, so there is no checkpoint: a resumed run fits every width again.
/// </summary>
public static class ApproximationExperiment
{
    /// <summary>Metric names; the step of each record is the hidden width.</summary>
    public const string Mse = "mse", MaxError = "max_error";

    /// <summary>Plot files in the run's plots directory.</summary>
    public const string ErrorPlot = "approximation-error.svg", FitPlot = "approximation-fits.svg";

    /// <summary>Fits every width; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(ApproximationConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        using var generator = new Generator(unchecked((ulong)context.Seed));
        using var scope = torch.NewDisposeScope();
        var x = torch.linspace(-Math.PI, Math.PI, config.Points, ScalarType.Float64).unsqueeze(1);        // (N, 1)
        var grid = torch.linspace(-Math.PI, Math.PI, 4 * config.Points, ScalarType.Float64).unsqueeze(1); // (4N, 1)
        var fits = new Plot { Title = $"One hidden layer fitting {Name(config.Function)}", XLabel = "x", YLabel = "y" };
        fits.AddLine(grid.squeeze(1).ToArray<double>(), Target(config.Function, grid).squeeze(1).ToArray<double>(), Name(config.Function));
        var widths = new List<double>();
        var errors = new List<double>();
        foreach (int width in config.Widths)
        {
            if (cancellationToken.IsCancellationRequested)
                return Task.FromResult(RunOutcome.Interrupted);
            var prediction = Fit(config, width, x, grid, generator); // (4N, 1)
            var residual = prediction - Target(config.Function, grid);
            double mse = residual.square().mean().ItemAs<double>(), max = residual.abs().max().ItemAs<double>();
            context.Metrics.Write(width, (Mse, mse), (MaxError, max));
            context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"width {width,5}: mse {mse:E3}  max error {max:E3}"));
            widths.Add(width);
            errors.Add(mse);
            fits.AddLine(grid.squeeze(1).ToArray<double>(), prediction.squeeze(1).ToArray<double>(), $"width {width}");
        }
        new Plot(new PlotConfig { ShowLegend = false })
        {
            Title = $"Error of one hidden layer fitting {Name(config.Function)}",
            XLabel = "hidden width",
            YLabel = "mean squared error",
            XScale = AxisScale.Log10,
            YScale = AxisScale.Log10,
        }.Add(widths.ToArray(), errors.ToArray(), "mse", SeriesStyle.LineAndMarkers).WriteSvg(Path.Combine(context.Directory.PlotsDirectory, ErrorPlot));
        fits.WriteSvg(Path.Combine(context.Directory.PlotsDirectory, FitPlot));
        return Task.FromResult(RunOutcome.Completed);
    }

    // Trains a 1-width-1 network on (x, f(x)) and returns its output on the grid.
    private static Tensor Fit(ApproximationConfig config, int width, Tensor x, Tensor grid, Generator generator)
    {
        using var mlp = new Mlp(new MlpConfig
        {
            Widths = [1, width, 1], Hidden = config.Activation, Output = Activation.Identity, Cost = Cost.Quadratic,
        }, ScalarType.Float64, generator);
        using var optimizer = optim.Adam(mlp.parameters(), config.LearningRate);
        var y = Target(config.Function, x); // (N, 1)
        for (int step = 0; step < config.Steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            mlp.Loss(x, y).backward();
            optimizer.step();
        }
        using var noGrad = torch.no_grad();
        return mlp.call(grid);
    }

    private static Tensor Target(TargetFunction function, Tensor x) => function switch
    {
        TargetFunction.Sin => x.sin(),
        TargetFunction.Abs => x.abs(),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "unknown target"),
    };

    private static string Name(TargetFunction function) => function == TargetFunction.Sin ? "sin x" : "|x|";
}
