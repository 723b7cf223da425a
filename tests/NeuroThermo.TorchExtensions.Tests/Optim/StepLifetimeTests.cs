using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;
using Parameter = TorchSharp.Modules.Parameter;

using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions.Tests.Optim;

/// <summary>
/// A step keeps only the optimizer's state: everything else it creates is gone when it returns, whether or not the
/// caller has a dispose scope open. TorchSharp counts live tensors per thread, so tests on other threads do not
/// disturb the count.
/// </summary>
public sealed class StepLifetimeTests
{
    private const int Steps = 5;

    public static TheoryData<string, int> Optimizers => new()
    {
        // name, state tensors per parameter
        { "sgd", 0 }, { "sgd_nesterov_decay", 1 }, { "adam_l2", 2 }, { "adamw", 2 }, { "adamw_amsgrad", 3 },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Step_InsideADisposeScope_LeavesOnlyTheState(string name, int statePerParameter)
    {
        using var outer = NewDisposeScope();
        var parameters = new[] { Parameters.Create(randn(64, 32)), Parameters.Create(randn(32)), Parameters.Create(randn(1)) };
        var (optimizer, step, stateCount) = Create(name, parameters);
        using var owner = optimizer;
        var statistics = DisposeScopeManager.Statistics;
        for (var k = 0; k < Steps; k++)
        {
            foreach (var p in parameters) p.grad = randn(p.shape);
            var before = statistics.ThreadTotalLiveCount;
            // The first step creates the state; every later one creates nothing that outlives it.
            var created = k == 0 ? statePerParameter * parameters.Length : 0;
            using (var scope = NewDisposeScope())
            {
                step();
                Assert.Equal(before + created, statistics.ThreadTotalLiveCount); // nothing waits for the caller's scope
            }
            Assert.Equal(before + created, statistics.ThreadTotalLiveCount);
        }
        Assert.Equal(statePerParameter * parameters.Length, stateCount());
    }

    [Fact]
    public void Clipping_LeavesNoTensorBehind()
    {
        using var outer = NewDisposeScope();
        var parameters = new[] { Parameters.Create(randn(64, 32)), Parameters.Create(randn(32)) };
        foreach (var p in parameters) p.grad = randn(p.shape).mul_(10);
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var norm = GradientClipping.clip_grad_norm_(parameters, 1.0);
        Assert.True(norm > 1, $"the gradients' norm {norm} must exceed the limit, or nothing was scaled");
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static (IDisposable Optimizer, Action Step, Func<int> StateCount) Create(string name, Parameter[] p) => name switch
    {
        "sgd" => WithCount(optim.SGD(p, 0.1)),
        "sgd_nesterov_decay" => WithCount(optim.SGD(p, 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true)),
        "adam_l2" => WithCount(optim.Adam(p, weight_decay: 0.1)),
        "adamw" => WithCount(optim.AdamW(p)),
        "adamw_amsgrad" => WithCount(optim.AdamW(p, amsgrad: true)),
        _ => throw new ArgumentException(name),
    };

    private static (IDisposable, Action, Func<int>) WithCount<T>(Optimizer<T> optimizer) where T : notnull =>
        (optimizer, optimizer.step, () => optimizer.state_dict().Count);
}
