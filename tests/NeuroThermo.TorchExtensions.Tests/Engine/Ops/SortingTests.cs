using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

public sealed class SortingTests
{
    // Many ties, so that an unstable sort would be caught reordering them.
    private const int TiedLength = 200;
    private static readonly double[] Tied = Enumerable.Range(0, TiedLength).Select(k => (double)(k * 7 % 5)).ToArray();

    [Fact]
    public void Topk_ReturnsLargestOrSmallest_WithTheirIndices()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(5, -1, 9, 3, 7);

        var (largest, largestAt) = x.topk(2);
        var (smallest, smallestAt) = x.topk(3, largest: false);

        Close([9, 7], largest, 0);
        Equal([2, 4], largestAt);
        Close([-1, 3, 5], smallest, 0);
        Equal([1, 3, 0], smallestAt);
    }

    [Fact]
    public void Topk_AlongTheFirstDimension_OfAMatrix()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 1, 8 }, { 5, 2 }, { 3, 4 } });

        var (values, indices) = x.topk(1, dim: 0);

        Close([5, 8], [1, 2], values, 0);
        Equal([1, 0], indices);
    }

    [Fact]
    public void Topk_Unsorted_StillReturnsTheTopSet()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(5, -1, 9, 3, 7);

        var (values, _) = x.topk(3, sorted: false);

        Assert.Equal([5.0, 7, 9], Values(values).Order());
    }

    [Fact]
    public void Sort_AscendingAndDescending_ReturnValuesAndSourceIndices()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(0.5, -2, 4, 1);

        var (up, upAt) = x.sort();
        var (down, downAt) = x.sort(descending: true);

        Close([-2, 0.5, 1, 4], up, 0);
        Equal([1, 0, 3, 2], upAt);
        Close([4, 1, 0.5, -2], down, 0);
        Equal([2, 3, 0, 1], downAt);
    }

    [Fact]
    public void Sort_AlongDimensionZero_SortsEachColumn()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 3, 1 }, { 2, 5 }, { 1, 4 } });

        var (values, indices) = x.sort(dim: 0);

        Close([1, 1, 2, 4, 3, 5], values, 0);
        Equal([2, 0, 1, 2, 0, 1], indices);
    }

    [Fact]
    public void Sort_Stable_KeepsTiesInTheirOriginalOrder()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(Tied);
        // LINQ's OrderBy is a stable sort.
        var ascending = Enumerable.Range(0, TiedLength).OrderBy(k => Tied[k]).Select(k => (long)k).ToArray();
        var descending = Enumerable.Range(0, TiedLength).OrderByDescending(k => Tied[k]).Select(k => (long)k).ToArray();

        var (_, upAt) = x.sort(stable: true);
        var (_, downAt) = x.sort(descending: true, stable: true);

        Equal(ascending, upAt);
        Equal(descending, downAt);
    }

    [Fact]
    public void Argsort_MatchesTheIndicesOfSort()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(Tied);
        var ascending = Enumerable.Range(0, TiedLength).OrderBy(k => Tied[k]).Select(k => (long)k).ToArray();
        var descending = Enumerable.Range(0, TiedLength).OrderByDescending(k => Tied[k]).Select(k => (long)k).ToArray();

        Equal(ascending, x.sort(stable: true).Indices);
        Equal(descending, x.sort(descending: true, stable: true).Indices);
        Equal([1, 0, 3, 2], F64(0.5, -2, 4, 1).argsort());
    }
}
