namespace NeuroThermo.Torch.Tests.Autograd;

public sealed class HigherOrderTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void SecondDerivative_OfCubicIsSixX()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { -1.5, 0.25, 2.0 }, requires_grad: true);
        var y = x.pow(3).sum();
        var dy = torch.autograd.grad([y], [x], create_graph: true)[0]!;
        var d2y = torch.autograd.grad(dy.sum(), x);
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
        var f = x.matmul(a.matmul(x));
        var gradient = torch.autograd.grad([f], [x], create_graph: true)[0]!;
        var rows = new List<Tensor>();
        for (var i = 0; i < 3; i++) rows.Add(torch.autograd.grad([gradient[i]], [x], retain_graph: true)[0]!);
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
        var grads = torch.autograd.grad([x.sum() * 2], [x, z], allow_unused: true);
        Assert.Equal(2.0, grads[0]!.item<double>());
        Assert.Null(grads[1]);
    }
}
