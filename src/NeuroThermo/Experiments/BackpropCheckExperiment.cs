using System.Globalization;
using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Models;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>Hyper-parameters of <c>mlp.backprop-check</c>.</summary>
public sealed record BackpropCheckConfig
{
    /// <summary>Networks of 1 … this many layers are checked; 5 is the depth the issue asks for.</summary>
    [ConfigRange(1, 20)]
    public int MaxDepth { get; init; } = 5;

    /// <summary>Random networks per (depth, activation, cost) case; each has its own weights and batch.</summary>
    [ConfigRange(1, 1000)]
    public int Trials { get; init; } = 3;

    /// <summary>Examples per batch; 9 is small, odd and not a width, so a transposed index cannot pass unnoticed.</summary>
    [ConfigRange(1, 4096)]
    public int BatchSize { get; init; } = 9;
}

/// <summary>
/// <c>mlp.backprop-check</c>: the gradients of <see cref="Backpropagation"/> (eqs. 5.11–5.25) against autograd's, in
/// float64, for random networks of every depth up to <see cref="BackpropCheckConfig.MaxDepth"/>, every hidden
/// activation and every output/cost pair. Logs, per depth, the largest relative error max|hand − autograd| /
/// max|autograd| over all layers' weights and biases, and writes every case to <c>backprop-check.csv</c>. It takes
/// seconds, so it keeps no checkpoint: a resumed run checks everything again.
/// </summary>
public static class BackpropCheckExperiment
{
    /// <summary>The largest relative error among the networks of one depth (the metric's step is the depth).</summary>
    public const string MaxRelativeError = "max_relative_error";

    /// <summary>Every case, one CSV row each, in the run directory.</summary>
    public const string CasesCsv = "backprop-check.csv";

    private static readonly (Activation Output, Cost Cost)[] Outputs =
        [(Activation.Identity, Cost.SoftmaxCrossEntropy), (Activation.Sigmoid, Cost.Quadratic), (Activation.Tanh, Cost.Quadratic)];

    /// <summary>Runs every case; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(BackpropCheckConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        using var generator = new Generator(unchecked((ulong)context.Seed));
        var csv = new StringBuilder("depth,hidden,output,cost,trial,relative_error\n");
        for (int depth = 1; depth <= config.MaxDepth; depth++)
        {
            if (cancellationToken.IsCancellationRequested)
                return Task.FromResult(RunOutcome.Interrupted);
            double worst = 0;
            foreach (var hidden in Enum.GetValues<Activation>())
            foreach (var (output, cost) in Outputs)
            for (int trial = 0; trial < config.Trials; trial++)
            {
                double error = RelativeError(depth, hidden, output, cost, config.BatchSize, generator);
                worst = Math.Max(worst, error);
                csv.Append(CultureInfo.InvariantCulture, $"{depth},{hidden},{output},{cost},{trial},{error:E3}\n");
            }
            context.Metrics.Write(depth, (MaxRelativeError, worst));
            context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"depth {depth}: largest relative error {worst:E2}"));
        }
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, CasesCsv), csv.ToString());
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>max over layers of max|hand − autograd| / max|autograd|, for weights and biases, of one random network.</summary>
    public static double RelativeError(int depth, Activation hidden, Activation output, Cost cost, int batch, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = torch.NewDisposeScope();
        // Widths 6, 7, … and 4 outputs: all different, so a transposed weight cannot pass for the right one.
        var widths = Enumerable.Range(0, depth + 1).Select(l => l == depth ? 4 : 6 + l).ToArray();
        using var mlp = new Mlp(new MlpConfig { Widths = widths, Hidden = hidden, Output = output, Cost = cost }, ScalarType.Float64, generator);
        var x = torch.randn([batch, widths[0]], ScalarType.Float64, generator: generator); // (B, n_0)
        var y = cost == Cost.SoftmaxCrossEntropy
            ? torch.randint(0, widths[^1], [batch], generator: generator)      // (B) classes
            : torch.rand([batch, widths[^1]], ScalarType.Float64, generator: generator);  // (B, n_L)
        mlp.zero_grad();
        mlp.Loss(x, y).backward();
        using var hand = Backpropagation.Compute(mlp, x, y);
        double worst = 0;
        for (int l = 0; l < depth; l++)
        {
            worst = Math.Max(worst, Relative(mlp.Layers[l].weight.grad!, hand.Weights[l]));
            worst = Math.Max(worst, Relative(mlp.Layers[l].bias!.grad!, hand.Biases[l]));
        }
        return worst;
    }

    private static double Relative(Tensor autograd, Tensor hand)
    {
        double scale = autograd.abs().max().ItemAs<double>();
        double difference = (autograd - hand).abs().max().ItemAs<double>();
        return scale > 0 ? difference / scale : difference;
    }
}
