namespace NeuroThermo.Torch.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void ShapeMismatch_ThrowsTorchExceptionWithLibtorchMessage()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TorchException>(() => torch.ones(2) + torch.ones(3));
        Assert.Contains("must match the size of tensor b (3) at non-singleton dimension 0", error.Message);
    }

    [Fact]
    public void MatmulMismatch_ThrowsTorchException()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TorchException>(() => torch.ones(2, 3).matmul(torch.ones(2, 3)));
        Assert.Contains("cannot be multiplied", error.Message);
    }

    [Fact]
    public void BadDimension_ThrowsTorchException()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TorchException>(() => torch.ones(2, 3).sum(5));
        Assert.Contains("Dimension out of range", error.Message);
    }

    [Fact]
    public void DisposedTensor_ThrowsObjectDisposed()
    {
        var t = torch.ones(2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.sum());
    }

    [Fact]
    public void WrongElementType_ThrowsInvalidOperation()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => torch.ones(2).ToArray<double>());
    }
}
