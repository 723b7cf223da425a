using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

public sealed class ShapeTests
{
    // 0, 1, …, n − 1 in float64, so element values name their row-major position.
    private static Tensor Counting(params long[] shape) =>
        torch.arange(0, shape.Aggregate(1L, (a, b) => a * b), dtype: torch.float64).reshape(shape);

    private static double[] Positions(int count) => Enumerable.Range(0, count).Select(k => (double)k).ToArray();

    [Fact]
    public void ReshapeAndView_KeepRowMajorOrder_AndInferMinusOne()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(6);

        Close(Positions(6), [2, 3], x.reshape(2, 3), 0);
        Close(Positions(6), [3, 2], x.reshape(-1, 2), 0);
        Close(Positions(6), [1, 6], x.view(1, -1), 0);
        Close(Positions(6), [2, 3], x.view_as(torch.zeros(2, 3)), 0);
    }

    [Fact]
    public void View_SharesStorage_WhileReshapeOfATransposeCopies()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(2, 3);
        var view = x.view(6);
        var transposed = x.t();

        view.fill_(1);

        Close([1, 1, 1, 1, 1, 1], x, 0);
        Assert.Throws<ExternalException>(() => transposed.view(6));
        Close([1, 1, 1, 1, 1, 1], [6], transposed.reshape(6), 0);
    }

    [Fact]
    public void Contiguous_LaysOutATransposeInRowMajorOrder()
    {
        using var scope = torch.NewDisposeScope();
        var transposed = Counting(2, 3).t();

        var packed = transposed.contiguous();

        Assert.False(transposed.is_contiguous());
        Assert.True(packed.is_contiguous());
        Assert.Equal([2L, 1], packed.stride());
        Close([0, 3, 1, 4, 2, 5], packed, 0);
    }

    [Fact]
    public void SqueezeAndUnsqueeze_RemoveOrInsertUnitDimensions()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(1, 3, 1, 2);

        Assert.Equal([3L, 2], x.squeeze().shape);
        Assert.Equal([3L, 1, 2], x.squeeze(0).shape);
        Assert.Equal([1L, 3, 1, 2], x.squeeze(1).shape);
        Assert.Equal([1L, 3, 2], x.squeeze(-2).shape);
        Assert.Equal([1L, 1, 3, 1, 2], x.unsqueeze(0).shape);
        Assert.Equal([1L, 3, 1, 2, 1], x.unsqueeze(-1).shape);
    }

    [Fact]
    public void FlattenAndUnflatten_MergeAndSplitDimensions()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(2, 3, 4);

        Close(Positions(24), [24], x.flatten(), 0);
        Assert.Equal([2L, 12], x.flatten(1).shape);
        Assert.Equal([6L, 4], x.flatten(0, 1).shape);
        Assert.Equal([6L, 4], torch.flatten(x, 0, 1).shape);
        Close(Positions(24), [2, 3, 2, 2], x.unflatten(2, 2, 2), 0);
        Assert.Equal([2L, 3, 4], x.flatten(1).unflatten(1, 3, -1).shape);
    }

    [Fact]
    public void CatAndStack_JoinAlongExistingOrNewDimension()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 1, 2 } });
        var b = Matrix(new double[,] { { 3, 4 } });

        Close([1, 2, 3, 4], [2, 2], torch.cat([a, b]), 0);
        Close([1, 2, 3, 4], [1, 4], torch.cat([a, b], 1), 0);
        Close([1, 2, 3, 4], [2, 1, 2], torch.stack([a, b]), 0);
        Close([1, 3, 2, 4], [1, 2, 2], torch.stack([a, b], 2), 0);
    }

    [Fact]
    public void Split_BySize_LeavesAShorterLastPiece()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(7);

        var pieces = x.split(3);

        Assert.Equal(3, pieces.Length);
        Close([0, 1, 2], pieces[0], 0);
        Close([3, 4, 5], pieces[1], 0);
        Close([6], pieces[2], 0);
    }

    [Fact]
    public void Split_BySizes_AlongADimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(2, 5);

        var pieces = x.split([1, 4], 1);

        Assert.Equal(2, pieces.Length);
        Close([0, 5], [2, 1], pieces[0], 0);
        Close([1, 2, 3, 4, 6, 7, 8, 9], [2, 4], pieces[1], 0);
    }

    [Fact]
    public void Chunk_SplitsIntoAtMostTheRequestedNumber()
    {
        using var scope = torch.NewDisposeScope();

        var three = Counting(6).chunk(3);
        var fewer = Counting(5).chunk(4); // chunk size ⌈5/4⌉ = 2 gives only 3 pieces
        var columns = Counting(2, 4).chunk(2, 1);

        Assert.Equal(3, three.Length);
        Close([4, 5], three[2], 0);
        Assert.Equal(3, fewer.Length);
        Close([4], fewer[2], 0);
        Close([2, 3, 6, 7], [2, 2], columns[1], 0);
    }

    [Fact]
    public void ExpandAndExpandAs_BroadcastWithoutCopying()
    {
        using var scope = torch.NewDisposeScope();
        var column = F64(1, 2).reshape(2, 1);

        var wide = column.expand(2, 3);

        Close([1, 1, 1, 2, 2, 2], [2, 3], wide, 0);
        Assert.Equal([1L, 0], wide.stride());
        Close([1, 1, 1, 2, 2, 2], [2, 3], column.expand(-1, 3), 0);
        Close([1, 1, 2, 2], [2, 2], column.expand_as(torch.zeros(2, 2)), 0);
    }

    [Fact]
    public void Repeat_TilesTheData()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1, 2);

        Close([1, 2, 1, 2, 1, 2], [6], x.repeat(3), 0);
        Close([1, 2, 1, 2, 1, 2, 1, 2], [2, 4], x.repeat(2, 2), 0);
    }

    [Fact]
    public void RollAndFlip_MoveElementsCyclicallyOrReverse()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(2, 3);

        Close([2, 0, 1, 5, 3, 4], x.roll(1, 1), 0);
        Close([1, 2, 0, 4, 5, 3], x.roll(-1, 1), 0);
        Close([4, 5, 3, 1, 2, 0], x.roll([1, -1], [0, 1]), 0);
        Close([2, 1, 0, 5, 4, 3], x.flip(1), 0);
        Close([5, 4, 3, 2, 1, 0], x.flip(0, 1), 0);
    }

    [Fact]
    public void TriuAndTril_KeepATriangleFromAGivenDiagonal()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(3, 3).add(1);

        Close([1, 2, 3, 0, 5, 6, 0, 0, 9], x.triu(), 0);
        Close([0, 2, 3, 0, 0, 6, 0, 0, 0], x.triu(1), 0);
        Close([1, 0, 0, 4, 5, 0, 7, 8, 9], x.tril(), 0);
        Close([0, 0, 0, 4, 0, 0, 7, 8, 0], torch.tril(x, -1), 0);
        Close([1, 2, 3, 0, 5, 6, 0, 0, 9], torch.triu(x), 0);
    }

    [Fact]
    public void DiagonalDiagAndTrace_ReadTheMainOrOffsetDiagonal()
    {
        using var scope = torch.NewDisposeScope();
        var x = Counting(3, 3);

        Close([0, 4, 8], x.diagonal(), 0);
        Close([1, 5], x.diagonal(1), 0);
        Close([3, 7], x.diag(-1), 0);
        Close([1, 0, 0, 0, 2, 0, 0, 0, 3], [3, 3], F64(1, 2, 3).diag(), 0);
        Close([0, 1, 0, 0], [2, 2], F64(1).diag(1), 0);
        Close(12, x.trace(), 0);
        var batch = Counting(2, 2, 2);
        Close([0, 3, 4, 7], [2, 2], batch.diagonal(0, 1, 2), 0);
    }
}
