namespace NeuroThermo.Torch.Tests;

/// <summary>
/// C# converts the literal 0 to any enum: these guard against an overload taking a dtype
/// silently winning over one taking a dimension.
/// </summary>
public sealed class OverloadTests
{
    [Fact]
    public void ReductionsOverDimensionZero_ReduceThatDimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2, 3);
        Assert.Equal(new long[] { 3 }, x.sum(0).shape);
        Assert.Equal(new long[] { 3 }, x.mean(0).shape);
        Assert.Equal(new long[] { 3 }, x.prod(0).shape);
        Assert.Equal(ScalarType.Float32, x.sum(0).dtype);
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
        Assert.Equal(new long[] { -3, -2, -1 }, torch.arange(-3, 0).ToArray<long>());
    }
}
