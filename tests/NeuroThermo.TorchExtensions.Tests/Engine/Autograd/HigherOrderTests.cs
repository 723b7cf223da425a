using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
namespace NeuroThermo.TorchExtensions.Tests.Engine.Autograd;

public sealed class HigherOrderTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void SecondDerivative_OfCubicIsSixX()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { -1.5, 0.25, 2.0 }, requires_grad: true);
        var y = x.pow(3).sum();
        var dy = Guarded.grad([y], [x], create_graph: true)[0]!;
        var d2y = Guarded.grad(dy.sum(), x);
        var expected = new[] { -9.0, 1.5, 12.0 };
        var actual = d2y.ToArray<double>();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], Tolerance);
    }

    [Fact]
    public void Hessian_OfQuadraticFormIsASymmetrised()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new[,] { { 2.0, -1.0, 0.5 }, { 0.0, 3.0, 1.0 }, { 4.0, 0.0, -2.0 } });
        var x = torch.tensor(new[] { 0.3, -0.7, 1.1 }, requires_grad: true);
        var f = Guarded.matmul(x, Guarded.matmul(a, x));
        var gradient = Guarded.grad([f], [x], create_graph: true)[0]!;
        var rows = new List<Tensor>();
        for (var i = 0; i < 3; i++) rows.Add(Guarded.grad([gradient[i]], [x], retain_graph: true)[0]!);
        var hessian = torch.stack(rows).ToArray<double>();
        var expected = (a + a.t()).ToArray<double>();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], hessian[i], Tolerance);
    }

    [Fact]
    public void Backward_AccumulatesAndNoGradRecordsNothing()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        (x * 3).sum().backward();
        (x * x).sum().backward();
        Assert.Equal(new[] { 5.0, 7.0 }, x.grad!.ToArray<double>());
        using (torch.no_grad())
        {
            var y = x * 2;
            Assert.False(y.requires_grad);
        }
        Assert.True((x * 2).requires_grad);
    }

    [Fact]
    public void Grad_OfUnusedInputIsNullWhenAllowed()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        var z = torch.tensor(new[] { 1.0 }, requires_grad: true);
        var grads = Guarded.grad_allow_unused([x.sum() * 2], [x, z]);
        Assert.Equal(2.0, grads[0]!.item<double>());
        Assert.Null(grads[1]);
    }
}
