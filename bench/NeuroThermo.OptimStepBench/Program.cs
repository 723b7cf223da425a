// One AdamW step over nanoGPT's parameter shapes (6 layers, 384 features, 65 tokens, context 256: 10,770,816 float32
// values in 76 tensors), with NeuroThermo's C# AdamW and with TorchSharp's torch.optim.AdamW, and one clip_grad_norm_
// with each, at the thread count given. The old binding's fused kernel on the same shapes was timed by
// bench/native/adam_step.cpp, which needs libtorch 1.13's headers and the old shim: docs/benchmarks.md says how to
// build it from the history.
//
// Usage: dotnet run -c Release --project bench/NeuroThermo.OptimStepBench -- [threads] [steps]
// Output: one "name value" line per result, microseconds per call (median over the steps); comments start with '#'.
using System.Diagnostics;
using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;
using Parameter = TorchSharp.Modules.Parameter;

var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
var steps = args.Length > 1 ? int.Parse(args[1]) : 30;
set_num_threads(threads);
const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.99, Eps = 1e-8, WeightDecay = 0.1;

var generator = new Generator(1);
var shapes = NanoGptShapes();
var initial = shapes.Select(s => randn(s, generator: generator)).ToArray();
var gradients = shapes.Select(s => randn(s, generator: generator).mul_(1e-2)).ToArray();
Console.WriteLine($"# TorchSharp {typeof(torch).Assembly.GetName().Version}, {get_num_threads()} threads, {shapes.Count} tensors, "
    + $"{initial.Sum(t => t.numel())} values (a shared machine: medians, not minima)");

var ours = WithGradients();
using (var optimizer = optim.AdamW(ours, Lr, Beta1, Beta2, Eps, WeightDecay))
    Report("neurothermo_AdamW_us", Time(() => optimizer.step()));
// TorchSharp's own optimizer and clipping are banned everywhere else (build/BannedSymbols.txt); here they are the
// reference the ported ones are timed against, with every hyper-parameter given, so their defaults do not matter.
#pragma warning disable RS0030
var theirs = WithGradients();
using (var optimizer = torch.optim.AdamW(theirs, Lr, Beta1, Beta2, Eps, WeightDecay))
    Report("torchsharp_AdamW_us", Time(() => optimizer.step()));
// Clipping below the norm scales every gradient (the gradients' norm is about 33 here); that scaling is repeated each
// call, which changes only the values, not the work.
Report("neurothermo_clip_grad_norm_us", Time(() => GradientClipping.clip_grad_norm_(ours, 1e-3)));
Report("torchsharp_clip_grad_norm_us", Time(() => torch.nn.utils.clip_grad_norm_(theirs, 1e-3)));
#pragma warning restore RS0030

Parameter[] WithGradients()
{
    var parameters = initial.Select(t => NeuroThermo.TorchExtensions.Nn.Parameters.Create(t.clone())).ToArray();
    for (var k = 0; k < parameters.Length; k++) parameters[k].grad = gradients[k].clone();
    return parameters;
}

double Time(Action step)
{
    for (var k = 0; k < 3; k++) step(); // warm-up: the moments allocated, the pages touched
    var us = new double[steps];
    for (var k = 0; k < steps; k++)
    {
        var start = Stopwatch.GetTimestamp();
        step();
        us[k] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    Array.Sort(us);
    return us[steps / 2];
}

static void Report(string name, double us) => Console.WriteLine($"{name} {us:F0}");

static List<long[]> NanoGptShapes()
{
    const long C = 384, Vocabulary = 65, Context = 256, Layers = 6;
    var shapes = new List<long[]> { new[] { Vocabulary, C }, new[] { Context, C } };
    for (var layer = 0; layer < Layers; layer++)
    {
        // ln_1, attention's fused QKV and output projection, ln_2, the MLP's two layers (weights and biases)
        shapes.AddRange([[C], [C], [3 * C, C], [3 * C], [C, C], [C], [C], [C], [4 * C, C], [4 * C], [C, 4 * C], [C]]);
    }
    shapes.AddRange([[C], [C]]); // ln_f
    return shapes;
}
