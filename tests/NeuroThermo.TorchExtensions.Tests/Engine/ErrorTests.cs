using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Engine;

public sealed class ErrorTests
{
    [Fact]
    public void ShapeMismatch_ThrowsExternalExceptionWithLibtorchMessage()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => torch.ones(2) + torch.ones(3));
        Assert.Contains("must match the size of tensor b (3) at non-singleton dimension 0", error.Message);
    }

    [Fact]
    public void MatmulMismatch_ThrowsExternalException()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => Guarded.matmul(torch.ones(2, 3), torch.ones(2, 3)));
        Assert.Contains("cannot be multiplied", error.Message);
    }

    [Fact]
    public void BadDimension_ThrowsExternalException()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => torch.ones(2, 3).sum(5L));
        Assert.Contains("Dimension out of range", error.Message);
    }

    [Fact]
    public void DisposedTensor_ThrowsInvalidOperation()
    {
        // TorchSharp throws InvalidOperationException for a disposed tensor (the old binding threw its subclass
        // ObjectDisposedException).
        var t = torch.ones(2);
        t.Dispose();
        Assert.Throws<InvalidOperationException>(() => t.sum());
    }

    [Fact]
    public void WrongElementType_ThrowsInvalidOperation()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => torch.ones(2).ToArray<double>());
    }
}
