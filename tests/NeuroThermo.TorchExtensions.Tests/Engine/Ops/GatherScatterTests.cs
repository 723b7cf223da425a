using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

// Ops that pick elements by position: gather/scatter, index_select, masks, narrow/select/slice.
public sealed class GatherScatterTests
{
    // (2, 3): rows [0, 1, 2] and [3, 4, 5].
    private static Tensor Grid() => torch.arange(0, 6, dtype: torch.float64).reshape(2, 3);

    [Fact]
    public void Gather_PicksPerRowOrPerColumn()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid();

        // dim 1: out[i][j] = x[i][index[i][j]].
        var rows = x.gather(1, torch.tensor(new long[] { 2, 0, 1, 1 }, [2, 2]));
        // dim 0: out[i][j] = x[index[i][j]][j].
        var columns = x.gather(0, torch.tensor(new long[] { 1, 0, 1 }, [1, 3]));

        Close([2, 0, 4, 4], [2, 2], rows, 0);
        Close([3, 1, 5], [1, 3], columns, 0);
    }

    [Fact]
    public void Scatter_WritesSourceOrValueAtIndices_WithoutTouchingTheInput()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2, 3], torch.float64);
        var index = torch.tensor(new long[] { 2, 0 }, [2, 1]);

        var fromSource = x.scatter(1, index, Matrix(new double[,] { { 7 }, { 8 } }));
        var fromValue = x.scatter(1, index, torch.tensor(-1.5).expand(2, 1));

        Close([0, 0, 7, 8, 0, 0], fromSource, 0);
        Close([0, 0, -1.5, -1.5, 0, 0], fromValue, 0);
        Close([0, 0, 0, 0, 0, 0], x, 0);
    }

    [Fact]
    public void ScatterAdd_AccumulatesRepeatedIndices()
    {
        using var scope = torch.NewDisposeScope();
        var bins = torch.zeros([4], torch.float64);
        var index = I64(0, 3, 0, 0, 2);

        var histogram = bins.scatter_add(0, index, F64(1, 10, 100, 1000, 5));

        Close([1101, 0, 5, 10], histogram, 0);
    }

    [Fact]
    public void IndexSelect_TakesWholeRowsOrColumnsInIndexOrder()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid();

        Close([3, 4, 5, 0, 1, 2, 3, 4, 5], [3, 3], x.index_select(0, I64(1, 0, 1)), 0);
        Close([2, 0, 5, 3], [2, 2], x.index_select(1, I64(2, 0)), 0);
    }

    [Fact]
    public void MaskedSelect_ReturnsTheMaskedElementsFlat()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid();

        Close([1, 3, 5], [3], x.masked_select(x.IsOdd()), 0);
        Close([3, 4, 5], [3], x.masked_select(Bools(false, true).reshape(2, 1)), 0);
    }

    [Fact]
    public void Nonzero_ListsCoordinatesRowByRow()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 0, 1.5, 0 }, { -2, 0, 3 } });

        var coordinates = x.nonzero();

        Assert.Equal([3L, 2], coordinates.shape);
        Equal([0, 1, 1, 0, 1, 2], coordinates);
        Assert.Equal([0L, 1], torch.zeros(4).nonzero().shape);
    }

    [Fact]
    public void NarrowSelectSlice_AreViewsOfTheRequestedPart()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0, 10, dtype: torch.float64);
        var grid = Grid();

        Close([3, 4, 5], x.narrow(0, 3, 3), 0);
        Close([1, 2, 4, 5], [2, 2], grid.narrow(1, 1, 2), 0);
        Close([3, 4, 5], [3], grid.select(0, 1), 0);
        Close([2, 5], [2], grid.select(1, -1), 0);
        Close([2, 4, 6], x.slice(0, 2, 7, 2), 0);
        Close([7, 8, 9], x.slice(0, -3, 10, 1), 0);
        Close([0, 1], x.slice(0, 0, 2, 1), 0);
        Close([0, 3, 6, 9], x.slice(0, 0, 10, 3), 0);

        x.narrow(0, 0, 2).fill_(-1);
        Close([-1, -1, 2], x.slice(0, 0, 3, 1), 0);
    }

    [Fact]
    public void Unbind_RemovesTheDimension()
    {
        using var scope = torch.NewDisposeScope();
        var grid = Grid();

        var rows = grid.unbind();
        var columns = grid.unbind(1);

        Assert.Equal(2, rows.Length);
        Close([3, 4, 5], [3], rows[1], 0);
        Assert.Equal(3, columns.Length);
        Close([2, 5], [2], columns[2], 0);
    }

    [Fact]
    public void Index_WithIndexTensors_PairsThemElementWise()
    {
        using var scope = torch.NewDisposeScope();
        var grid = Grid();

        Close([5, 1], grid.index(I64(1, 0), I64(2, 1)), 0);
        Close([3, 4, 5, 3, 4, 5], [2, 3], grid.index(I64(1, 1)), 0);
        Close([2, 0, 5, 3], [2, 2], grid.index(TensorIndex.Colon, TensorIndex.Tensor(I64(2, 0))), 0);
        Close([1, 3, 5], grid.index(grid.IsOdd()), 0);
    }
}

internal static class OddMask
{
    /// <summary>True where an integer-valued float tensor is odd (built with floor, not remainder, which the binding lacks).</summary>
    public static Tensor IsOdd(this Tensor x) => x.sub(x.div(2).floor().mul(2)).eq(1);
}
