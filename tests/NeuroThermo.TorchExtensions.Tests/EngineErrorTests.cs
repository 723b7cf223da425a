using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests;

/// <summary>
/// The everyday libtorch errors that TorchSharp's own entry points do catch: each must stay a catchable
/// exception with libtorch's message, since the project relies on it (an upgrade that loses a handler fails here,
/// not in a user's run).
/// </summary>
public sealed class EngineErrorTests
{
    [Fact]
    public void IndexOutOfRange_Throws()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => ones(2, 3)[5]);
        Assert.StartsWith("select(): index 5 out of range for tensor of size [2, 3] at dimension 0", error.Message);
        Assert.Throws<ExternalException>(() => ones(2, 3).index_select(0, tensor(new long[] { 7 })));
        Assert.Throws<ExternalException>(() => ones(2, 3).gather(1, tensor(new long[,] { { 7 } })));
    }

    [Fact]
    public void ShapeErrors_Throw()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ExternalException>(() => ones(2, 3).mm(ones(4, 5)));
        Assert.Throws<ExternalException>(() => ones(2, 3).add(ones(4, 5)));
        Assert.Throws<ExternalException>(() => ones(2, 3).view(4, 4));
        Assert.Throws<ExternalException>(() => cat([ones(2, 3), ones(2, 4)], 0));
        Assert.Throws<ExternalException>(() => nn.functional.linear(ones(2, 3), ones(4, 5)));
        Assert.Throws<ExternalException>(() => ones(2, 3).copy_(ones(4, 5)));
    }

    [Fact]
    public void BackwardErrors_Throw()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, requires_grad: true);
        var y = (x * x).sum();
        y.backward();
        var error = Assert.Throws<ExternalException>(() => y.backward());
        Assert.StartsWith("Trying to backward through the graph a second time", error.Message);
    }

    [Fact]
    public void BadTargetsAndProbabilities_Throw()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => nn.functional.cross_entropy(ones(2, 3), tensor(new long[] { 0, 9 })));
        Assert.StartsWith("Target 9 is out of bounds", error.Message);
        Assert.Throws<ExternalException>(() => multinomial(tensor(new[] { -1f, 1f }), 1));
    }
}
