using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

public sealed class ConversionTests
{
    [Fact]
    public void ToIntegerTypes_TruncateTowardZero()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1.7, -1.7, 2.5, -0.5);

        var longs = x.@long();
        var ints = x.@int();

        Assert.Equal(ScalarType.Int64, longs.dtype);
        Equal([1, -1, 2, 0], longs);
        Assert.Equal(ScalarType.Int32, ints.dtype);
        Assert.Equal([1, -1, 2, 0], ints.ToArray<int>());
        Equal([1, -1, 2, 0], x.to(ScalarType.Int16));
    }

    [Fact]
    public void ToFloatingTypes_KeepRepresentableValues()
    {
        using var scope = torch.NewDisposeScope();
        var n = I64(3, -4);

        Assert.Equal([3f, -4f], n.@float().ToArray<float>());
        Assert.Equal([3.0, -4.0], n.@double().ToArray<double>());
        Assert.Equal([3.0, -4.0], n.to_type(torch.float64).ToArray<double>());
        // 0.1 is not a float32: the conversion rounds to the nearest float32.
        Assert.Equal([0.1f], F64(0.1).@float().ToArray<float>());
    }

    [Fact]
    public void ToBool_IsTrueForEveryNonZero()
    {
        using var scope = torch.NewDisposeScope();

        Equal([false, true, true, true], F64(0, -2, 0.25, double.NaN).@bool());
        Equal([false, true], I64(0, 7).to(torch.@bool));
    }

    [Fact]
    public void To_SameDType_SharesData_UnlessACopyIsAsked()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1, 2);

        var same = x.to(torch.float64);
        var copy = x.to(torch.float64, copy: true);
        x.fill_(9);

        Close([9, 9], same, 0);
        Close([1, 2], copy, 0);
    }

    [Fact]
    public void ToDevice_CpuKeepsValues_AndCanChangeDType()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1.5, -2);

        var moved = x.to(torch.float32, torch.CPU);

        Assert.Equal(DeviceType.CPU, moved.device.type);
        Assert.Equal(ScalarType.Float32, moved.dtype);
        Close([1.5, -2], moved, 0);
        Close([1.5, -2], x.cpu(), 0);
    }

    [Fact]
    public void Clone_HasItsOwnStorage()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1, 2, 3);

        var copy = x.clone();
        x.zero_();

        Close([1, 2, 3], copy, 0);
        Assert.False(Unsafe.AreSame(ref MemoryMarshal.GetReference(x.bytes), ref MemoryMarshal.GetReference(copy.bytes)));
    }

    [Fact]
    public void Clone_OfANonContiguousView_KeepsItsValues()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 1, 2 }, { 3, 4 } }).t();

        Close([1, 3, 2, 4], x.clone(), 0);
    }

    [Fact]
    public void Detach_SharesDataButLeavesTheGraph()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var y = x.mul(torch.tensor(2.0));

        var cut = y.detach();
        cut.fill_(0);

        Assert.False(cut.requires_grad);
        Assert.True(cut.is_leaf, "a detached tensor has no grad_fn");
        Assert.False(y.is_leaf);
        Assert.True(y.requires_grad);
        Close([0, 0], y, 0);
    }
}
