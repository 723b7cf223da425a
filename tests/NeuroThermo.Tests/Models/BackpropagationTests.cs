using NeuroThermo.Models;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models;

/// <summary>Hand-written backpropagation against autograd, float64, for every activation and cost.</summary>
public sealed class BackpropagationTests
{
    /// <summary>Largest allowed max|hand − autograd| / max|autograd| over a gradient tensor.</summary>
    private const double RelTol = 1e-10;

    public static TheoryData<int, Activation, Activation, Cost> Networks()
    {
        var data = new TheoryData<int, Activation, Activation, Cost>();
        foreach (var depth in new[] { 1, 2, 3, 4, 5 })
        foreach (var hidden in Enum.GetValues<Activation>())
        {
            data.Add(depth, hidden, Activation.Identity, Cost.SoftmaxCrossEntropy);
            data.Add(depth, hidden, Activation.Sigmoid, Cost.Quadratic);
            data.Add(depth, hidden, Activation.Tanh, Cost.Quadratic);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void HandGradients_EqualAutograd(int depth, Activation hidden, Activation output, Cost cost)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator((ulong)(depth * 100 + (int)hidden * 10 + (int)cost));
        var widths = Enumerable.Range(0, depth + 1).Select(l => l == depth ? 4 : 6 + l).ToArray();
        using var mlp = new Mlp(new MlpConfig { Widths = widths, Hidden = hidden, Output = output, Cost = cost }, torch.float64, generator);
        var x = torch.randn([9, widths[0]], torch.float64, generator: generator);
        var y = cost == Cost.SoftmaxCrossEntropy
            ? torch.randint(0, widths[^1], [9], generator: generator)
            : torch.rand([9, widths[^1]], torch.float64, generator: generator);

        mlp.zero_grad();
        mlp.Loss(x, y).backward();
        using var hand = Backpropagation.Compute(mlp, x, y);
        for (var l = 0; l < depth; l++)
        {
            AssertClose(mlp.Layers[l].weight.grad!, hand.Weights[l], $"W^{l + 1}");
            AssertClose(mlp.Layers[l].bias!.grad!, hand.Biases[l], $"b^{l + 1}");
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = expected.abs().max().ItemAs<double>();
        Assert.True(scale > 0, $"{what}: autograd gradient is all zeros, so the comparison would prove nothing");
        var error = (expected - actual).abs().max().ItemAs<double>() / scale;
        Assert.True(error <= RelTol, $"{what}: relative error {error:E2}");
    }

    [Fact]
    public void ActivationDerivatives_MatchAutogradPointwise()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.linspace(-4, 4, 41, torch.float64);
        foreach (var activation in Enum.GetValues<Activation>())
        {
            var input = z.detach().requires_grad_();
            var autograd = Guarded.grad(activation.Apply(input).sum(), input);
            var error = (autograd - activation.Derivative(z)).abs().max().ItemAs<double>();
            Assert.True(error <= RelTol, $"{activation}: {error:E2}");
        }
    }
}
