using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;

using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions.Tests.Optim;

/// <summary>
/// Each optimizer against TorchSharp's torch.optim: two copies of the same parameters, the same loss, 20 steps each,
/// compared in float64.
/// </summary>
public sealed class OptimizerReferenceTests
{
    private const int Steps = 20;
    private const double RelativeTolerance = 1e-6;

    public static TheoryData<string> Configurations => new(
        "sgd", "sgd_momentum", "sgd_dampening_decay", "sgd_nesterov",
        "adam", "adam_decay", "adam_amsgrad", "adamw", "adamw_amsgrad");

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Optimizer_MatchesTorchSharpAfterTwentySteps(string configuration)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(99);
        var initial = new[] { randn([4, 3], ScalarType.Float64, generator: generator), randn([3], ScalarType.Float64, generator: generator) };
        var ours = initial.Select(t => Parameters.Create(t.clone())).ToArray();
        var theirs = initial.Select(t => Parameters.Create(t.clone())).ToArray();
        var target = randn([5, 3], ScalarType.Float64, generator: generator);
        var input = randn([5, 4], ScalarType.Float64, generator: generator);

        using var optimizer = Create(configuration, ours);
        using var reference = CreateReference(configuration, theirs);
        for (var step = 0; step < Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            Loss(ours[0], ours[1]).backward();
            optimizer.step();
            foreach (var t in theirs) t.grad = null;
            Loss(theirs[0], theirs[1]).backward();
            reference.Step();
        }
        for (var k = 0; k < ours.Length; k++)
        {
            var a = ours[k].data<double>().ToArray();
            var b = theirs[k].data<double>().ToArray();
            for (var i = 0; i < a.Length; i++)
            {
                var error = Math.Abs(a[i] - b[i]) / Math.Max(Math.Abs(b[i]), 1e-12);
                Assert.True(error <= RelativeTolerance, $"{configuration}: parameter {k}[{i}] {a[i]} vs TorchSharp {b[i]}");
            }
            // The run must have moved the parameters, or the comparison proves nothing.
            Assert.NotEqual(initial[k].data<double>().ToArray(), a);
        }

        Tensor Loss(Tensor w, Tensor b) => (Guarded.matmul(input, w) + b - target).pow(2).mean() + w.abs().sum() * 0.01;
    }

    private interface IStepper : IDisposable
    {
        void zero_grad();
        void step();
    }

    private sealed class Stepper<T>(Optimizer<T> inner) : IStepper where T : notnull
    {
        public void zero_grad() => inner.zero_grad();
        public void step() => inner.step();
        public void Dispose() => inner.Dispose();
    }

    private static IStepper Create(string configuration, Parameter[] p) => configuration switch
    {
        "sgd" => new Stepper<SGDOptions>(optim.SGD(p, 0.1)),
        "sgd_momentum" => new Stepper<SGDOptions>(optim.SGD(p, 0.05, momentum: 0.9)),
        "sgd_dampening_decay" => new Stepper<SGDOptions>(optim.SGD(p, 0.05, momentum: 0.8, dampening: 0.3, weight_decay: 0.1)),
        "sgd_nesterov" => new Stepper<SGDOptions>(optim.SGD(p, 0.05, momentum: 0.9, weight_decay: 0.01, nesterov: true)),
        "adam" => new Stepper<AdamOptions>(optim.Adam(p, 0.01)),
        "adam_decay" => new Stepper<AdamOptions>(optim.Adam(p, 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1)),
        "adam_amsgrad" => new Stepper<AdamOptions>(optim.Adam(p, 0.02, amsgrad: true)),
        "adamw" => new Stepper<AdamOptions>(optim.AdamW(p, 0.01, weight_decay: 0.1)),
        "adamw_amsgrad" => new Stepper<AdamOptions>(optim.AdamW(p, 0.02, weight_decay: 0.05, amsgrad: true)),
        _ => throw new ArgumentException(configuration),
    };

    private static ReferenceOptimizer CreateReference(string configuration, Parameter[] p) => configuration switch
    {
        "sgd" => ReferenceOptimizer.Sgd(p, 0.1, 0, 0, 0, false),
        "sgd_momentum" => ReferenceOptimizer.Sgd(p, 0.05, 0.9, 0, 0, false),
        "sgd_dampening_decay" => ReferenceOptimizer.Sgd(p, 0.05, 0.8, 0.3, 0.1, false),
        "sgd_nesterov" => ReferenceOptimizer.Sgd(p, 0.05, 0.9, 0, 0.01, true),
        "adam" => ReferenceOptimizer.Adam(p, 0.01, 0.9, 0.999, 1e-8, 0, false),
        "adam_decay" => ReferenceOptimizer.Adam(p, 0.01, 0.8, 0.99, 1e-6, 0.1, false),
        "adam_amsgrad" => ReferenceOptimizer.Adam(p, 0.02, 0.9, 0.999, 1e-8, 0, true),
        "adamw" => ReferenceOptimizer.AdamW(p, 0.01, 0.9, 0.999, 1e-8, 0.1, false),
        "adamw_amsgrad" => ReferenceOptimizer.AdamW(p, 0.02, 0.9, 0.999, 1e-8, 0.05, true),
        _ => throw new ArgumentException(configuration),
    };
}
