using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Engine;

/// <summary>
/// C# converts the literal 0 to any enum, and TorchSharp has reductions that take a dtype: these pin which overload
/// a dimension argument reaches, so the project's rule (write <c>sum(0L)</c>, <c>mean([0])</c>) stays right.
/// </summary>
public sealed class OverloadTests
{
    [Fact]
    public void ReductionsOverDimensionZero_ReduceThatDimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2, 3);
        Assert.Equal(new long[] { 3 }, x.sum(0L).shape);
        Assert.Equal(new long[] { 3 }, x.mean([0]).shape);
        Assert.Equal(new long[] { 3 }, x.prod(0L).shape);
        Assert.Equal(ScalarType.Float32, x.sum(0L).dtype);
        // The trap itself: the literal 0 binds to sum(ScalarType?) and sums everything into a Byte (ScalarType 0).
        Assert.Empty(x.sum(0).shape);
        Assert.Equal(ScalarType.Byte, x.sum(0).dtype);
    }
}

public sealed class ScalarOnTheLeftTests
{
    [Fact]
    public void ScalarMinusAndOverTensor_MatchTheArithmetic()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 4.0 });
        Assert.Equal(new[] { 1.0, -2.0 }, (2 - x).ToArray<double>());
        Assert.Equal(new[] { 2.0, 0.5 }, (2 / x).ToArray<double>());
        Assert.Equal(new long[] { -3, -2, -1 }, torch.arange(-3, 0, 1).ToArray<long>());
    }
}
