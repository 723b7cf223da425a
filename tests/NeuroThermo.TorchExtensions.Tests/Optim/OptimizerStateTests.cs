using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;
using Parameter = TorchSharp.Modules.Parameter;

using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions.Tests.Optim;

/// <summary>Optimizer state through checkpoints, and the options a user can get wrong.</summary>
public sealed class OptimizerStateTests
{
    [Fact]
    public void StateDict_RoundTrip_ResumesTheSameTrajectory()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(21);
        var initial = randn([3, 4], ScalarType.Float64, generator: generator);
        var gradients = Enumerable.Range(0, 4).Select(_ => randn([3, 4], ScalarType.Float64, generator: generator)).ToArray();
        var straight = Parameters.Create(initial.clone());
        using var uninterrupted = optim.AdamW([straight], 0.05, amsgrad: true);
        var resumed = Parameters.Create(initial.clone());
        using var first = optim.AdamW([resumed], 0.05, amsgrad: true);
        for (var step = 0; step < 4; step++)
        {
            straight.grad = gradients[step].clone();
            uninterrupted.step();
        }
        for (var step = 0; step < 2; step++)
        {
            resumed.grad = gradients[step].clone();
            first.step();
        }
        var saved = first.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        Assert.Equal(["state.0.0.exp_avg", "state.0.0.exp_avg_sq", "state.0.0.max_exp_avg_sq"], saved.Keys.Order(StringComparer.Ordinal));
        using var second = optim.AdamW([resumed], 0.05, amsgrad: true);
        second.load_state_dict(saved, first.step_count);
        for (var step = 2; step < 4; step++)
        {
            resumed.grad = gradients[step].clone();
            second.step();
        }
        Assert.Equal(straight.data<double>().ToArray(), resumed.data<double>().ToArray());
    }

    [Fact]
    public void LoadStateDict_RefusesForeignKeysAndShapes_AndChangesNothing()
    {
        using var scope = NewDisposeScope();
        var p = Parameters.Create(zeros([2, 3], ScalarType.Float64));
        using var optimizer = optim.Adam([p]);
        var good = zeros([2, 3], ScalarType.Float64);

        var unknown = Assert.Throws<ArgumentException>(() => optimizer.load_state_dict(
            new Dictionary<string, Tensor> { ["state.0.0.exp_avg"] = good, ["state.0.0.momentum_buffer"] = good }, 7));
        Assert.StartsWith("Optimizer state key 'state.0.0.momentum_buffer' does not name a parameter and state tensor of this Adam", unknown.Message);
        Assert.Throws<ArgumentException>(() => optimizer.load_state_dict(new Dictionary<string, Tensor> { ["state.0.1.exp_avg"] = good }, 7));

        var shape = Assert.Throws<ArgumentException>(() => optimizer.load_state_dict(
            new Dictionary<string, Tensor> { ["state.0.0.exp_avg"] = zeros([3, 2], ScalarType.Float64) }, 7));
        Assert.StartsWith("Optimizer state 'state.0.0.exp_avg' is Float64 [3, 2], but its parameter is Float64 [2, 3].", shape.Message);
        var dtype = Assert.Throws<ArgumentException>(() => optimizer.load_state_dict(
            new Dictionary<string, Tensor> { ["state.0.0.exp_avg"] = zeros([2, 3]) }, 7));
        Assert.StartsWith("Optimizer state 'state.0.0.exp_avg' is Float32 [2, 3], but its parameter is Float64 [2, 3].", dtype.Message);

        // The valid entry beside each bad one was not taken either.
        Assert.Empty(optimizer.state_dict());
        Assert.Equal(0, optimizer.step_count);
    }

    [Fact]
    public void Options_OutOfRange_NameTheField()
    {
        Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptions(beta1: 1)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptions() with { beta2 = -0.1 }).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptions(eps: double.NaN)).ParamName);
        Assert.Equal("weight_decay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptions(weight_decay: -1)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new SGDOptions(momentum: -0.5)).ParamName);
        Assert.Equal("dampening", Assert.Throws<ArgumentOutOfRangeException>(() => new SGDOptions(0.9, dampening: 2)).ParamName);
        Assert.Equal("nesterov", Assert.Throws<ArgumentOutOfRangeException>(() => new SGDOptions(nesterov: true)).ParamName);
        using var p = Parameters.Create(zeros(2));
        Assert.Equal("nesterov", Assert.Throws<ArgumentOutOfRangeException>(
            () => new SGD([new ParamGroup<SGDOptions>([p], 0.1, new SGDOptions(0.9, nesterov: true) with { momentum = 0 })])).ParamName);
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam([p], lr: -1)).ParamName);
        Assert.Equal("max_norm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.clip_grad_norm_([p], 0)).ParamName);
    }

    [Fact]
    public void AdamW_Factory_DecaysByPyTorchsDefault()
    {
        using var scope = NewDisposeScope();
        var p = Parameters.Create(ones(1, dtype: ScalarType.Float64));
        using var optimizer = optim.AdamW([p], lr: 0.1);
        Assert.Equal(0.01, optimizer.param_groups[0].Options.weight_decay);
        p.grad = zeros(1, dtype: ScalarType.Float64);
        optimizer.step(); // a zero gradient: only the decay θ ← θ(1 − ηλ) moves θ
        Assert.Equal(1 - 0.1 * 0.01, p.data<double>()[0], 1e-15);
    }
}
