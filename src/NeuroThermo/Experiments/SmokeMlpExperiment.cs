using System.Globalization;
using NeuroThermo.Torch;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>smoke.mlp</c>: a one-hidden-layer tanh MLP fitted by AdamW to a fixed random smooth target
/// y = sin(x·u) + ½ tanh(x·v) with x ~ N(0, I), a fresh batch every step. It exercises tensors,
/// autograd, modules and the optimizer end to end; the printed loss must fall.
/// </summary>
public static class SmokeMlpExperiment
{
    /// <summary>Trains and reports; returns the process exit code.</summary>
    public static Task<int> RunAsync(SmokeMlpConfig config, RunContext context, CancellationToken cancellationToken)
    {
        var result = Train(config, (ulong)context.Seed, cancellationToken, (step, loss) =>
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step,6}  loss {loss:F5}"));
            if (context.RunDirectory.Length > 0)
            {
                File.AppendAllText(Path.Combine(context.RunDirectory, "metrics.jsonl"),
                    string.Create(CultureInfo.InvariantCulture, $"{{\"step\":{step},\"loss\":{loss:R}}}\n"));
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loss fell from {result.InitialLoss:F5} to {result.FinalLoss:F5} in {result.Steps} steps"));
        return Task.FromResult(0);
    }

    /// <summary>The first and last logged losses of a run.</summary>
    public sealed record Result(double InitialLoss, double FinalLoss, int Steps);

    /// <summary>Trains with <paramref name="config"/>, calling <paramref name="log"/> every LogEvery steps and at the end.</summary>
    public static Result Train(SmokeMlpConfig config, ulong seed, CancellationToken cancellationToken, Action<int, double> log)
    {
        using var generator = new Generator(seed);
        using var model = new torch.nn.Sequential(
            new torch.nn.Linear(config.InputDim, config.HiddenWidth, generator: generator),
            torch.nn.Tanh(),
            new torch.nn.Linear(config.HiddenWidth, 1, generator: generator));
        using var optimizer = torch.optim.AdamW(model.parameters(), lr: config.LearningRate, weight_decay: 0);
        using var u = torch.randn([config.InputDim, 1], generator: generator) / Math.Sqrt(config.InputDim);
        using var v = torch.randn([config.InputDim, 1], generator: generator) / Math.Sqrt(config.InputDim);

        double? initial = null;
        double last = double.NaN;
        var step = 0;
        while (step < config.Steps && !cancellationToken.IsCancellationRequested)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn([config.BatchSize, config.InputDim], generator: generator);
            var y = x.matmul(u).sin() + 0.5 * x.matmul(v).tanh();
            optimizer.zero_grad();
            var loss = torch.nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
            step++;
            last = loss.item<float>();
            initial ??= last;
            if (step % config.LogEvery == 0 || step == config.Steps) log(step, last);
        }
        return new Result(initial ?? double.NaN, last, step);
    }
}
