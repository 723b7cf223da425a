using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

public sealed class ReductionTests
{
    private const double Tolerance = 1e-12;

    // (2, 3): rows [1, 2, 3] and [4, 5, 6].
    private static Tensor Grid() => Matrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });

    [Fact]
    public void Sum_OverAllOrChosenDimensions()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid();

        Close(21, x.sum(), 0);
        Assert.Empty(x.sum().shape);
        Close([5, 7, 9], [3], x.sum(0L), 0);
        Close([6, 15], [2, 1], x.sum(1, keepdim: true), 0);
        Close([6, 15], [2], x.sum(-1), 0);
        Close([21], [1, 1], x.sum([0, 1], keepdim: true), 0);
    }

    [Fact]
    public void Sum_WithDType_AccumulatesInThatType()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 100, 100, 100 }, dtype: torch.int8);

        var wide = x.sum(torch.int64);
        var perDim = x.sum(0L, type: torch.float64);

        Assert.Equal(ScalarType.Int64, wide.dtype);
        Close(300, wide, 0);
        Assert.Equal(ScalarType.Float64, perDim.dtype);
        Close(300, perDim, 0);
    }

    [Fact]
    public void Sum_OfBoolsCountsTrues_AsInt64()
    {
        using var scope = torch.NewDisposeScope();

        var count = Bools(true, false, true, true).sum();

        Assert.Equal(ScalarType.Int64, count.dtype);
        Assert.Equal(3, count.item<long>());
    }

    [Fact]
    public void Mean_OverAllOrChosenDimensions_WithKeepdimAndDType()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid();

        Close(3.5, x.mean(), Tolerance);
        Close([2.5, 3.5, 4.5], [3], x.mean([0]), Tolerance);
        Close([2, 5], [2, 1], x.mean([1], keepdim: true), Tolerance);
        Close([3.5], [1, 1], x.mean([0, 1], keepdim: true), Tolerance);
        var integers = I64(1, 2, 4);
        Close(7.0 / 3, integers.mean([0], type: torch.float64), Tolerance);
        Close([7.0 / 3], integers.mean([0], type: torch.float64), Tolerance);
    }

    [Fact]
    public void VarAndStd_ApplyTheRequestedCorrection()
    {
        using var scope = torch.NewDisposeScope();
        // Mean 5, squared deviations sum to 32.
        var x = F64(2, 4, 4, 4, 5, 5, 7, 9);

        Close(32.0 / 7, x.var(), Tolerance);
        Close(4, x.var([0L], unbiased: false), Tolerance);
        Close(Math.Sqrt(32.0 / 7), x.std(), Tolerance);
        Close(2, x.std(unbiased: false), Tolerance);
    }

    [Fact(Skip = "TorchSharp 0.107: Tensor.var(bool unbiased) drops the flag (THSTensor_var takes none) and is always unbiased; use var(dims, unbiased)")]
    public void Var_OverAllElements_WithoutCorrection()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(2, 4, 4, 4, 5, 5, 7, 9);

        Close(4, x.var(unbiased: false), Tolerance);
    }

    [Fact]
    public void VarAndStd_AlongADimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 1, 3 }, { 2, 6 } });

        Close([2, 8], [2], x.var(1), Tolerance);
        Close([0.25, 2.25], [1, 2], x.var(0L, unbiased: false, keepdim: true), Tolerance);
        Close([Math.Sqrt(2), Math.Sqrt(8)], x.std(1), Tolerance);
        Close([0.5, 1.5], x.std([0L], unbiased: false), Tolerance);
    }

    [Fact]
    public void MinAndMax_OverAll_AndAlongADimensionWithIndices()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 3, -1, 7 }, { 0, 8, 2 } });

        Close(-1, x.min(), 0);
        Close(8, x.max(), 0);
        var (maxValues, maxIndices) = x.max(1);
        Close([7, 8], maxValues, 0);
        Equal([2, 1], maxIndices);
        var (minValues, minIndices) = x.min(0L, keepdim: true);
        Close([0, -1, 2], [1, 3], minValues, 0);
        Equal([1, 0, 1], minIndices);
        Assert.Equal([1L, 3], minIndices.shape);
    }

    [Fact]
    public void AmaxAndAmin_ReduceSeveralDimensions()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0, 24, dtype: torch.float64).reshape(2, 3, 4); // value = 12i + 4j + k

        Close([11, 23], [2], x.amax([1, 2]), 0);
        Close([0, 1, 2, 3], [1, 1, 4], x.amin([0, 1], keepdim: true), 0);
    }

    [Fact]
    public void ArgmaxAndArgmin_FlattenByDefault_OrWorkAlongADimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 3, -1, 7 }, { 0, 8, 2 } });

        Equal([4], x.argmax());
        Equal([1], x.argmin());
        Equal([2, 1], x.argmax(1));
        Equal([1, 0, 1], x.argmin(0L));
        Assert.Equal([2L, 1], x.argmax(1, keepdim: true).shape);
    }

    [Fact]
    public void LogSumExp_MatchesShiftedReference()
    {
        using var scope = torch.NewDisposeScope();
        double[] row0 = [0.5, -1, 2];
        double[] row1 = [3, 3, -4];
        var x = Matrix(new double[,] { { 0.5, -1, 2 }, { 3, 3, -4 } });

        var expected = new[] { ReferenceMath.LogSumExp(row0), ReferenceMath.LogSumExp(row1) };

        Close(expected, [2], x.logsumexp(1), Tolerance);
        Close(expected, [2, 1], x.logsumexp(-1, keepdim: true), Tolerance);
        Close(expected, torch.logsumexp(x, 1), Tolerance);
        Close([ReferenceMath.LogSumExp(row0.Concat(row1))], x.flatten().logsumexp(0L), Tolerance);
    }

    [Fact]
    public void LogSumExp_DoesNotOverflowOrUnderflowAtLargeMagnitudes()
    {
        using var scope = torch.NewDisposeScope();
        // exp(±1000) is outside float64; ln(e^a + e^a) = a + ln 2 nonetheless.
        var x = Matrix(new double[,] { { 1000, 1000 }, { -1000, -1000 } });
        var singles = F32(1000f, 1000f);
        const double Float32Tolerance = 1e-4;

        Close([1000 + Math.Log(2), -1000 + Math.Log(2)], x.logsumexp(1), Tolerance);
        Close(1000 + Math.Log(2), singles.logsumexp(0L), Float32Tolerance);
    }

    [Fact]
    public void Cumsum_RunsAlongTheDimension_InTheRequestedDType()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid();

        Close([1, 2, 3, 5, 7, 9], x.cumsum(0L), 0);
        Close([1, 3, 6, 4, 9, 15], x.cumsum(1), 0);
        var wide = torch.tensor(new[] { 100, 100 }, dtype: torch.int8).cumsum(0L, torch.int64);
        Assert.Equal(ScalarType.Int64, wide.dtype);
        Equal([100, 200], wide);
    }

    [Fact]
    public void Prod_OverAllOrAlongADimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid();

        Close(720, x.prod(), 0);
        Close([4, 10, 18], x.prod(0L), 0);
        Close([6, 120], [2, 1], x.prod(1, keepdim: true), 0);
        var wide = I64(1000, 1000, 1000).prod(torch.float64);
        Assert.Equal(ScalarType.Float64, wide.dtype);
        Close(1e9, wide, 0);
    }

    [Fact]
    public void AllAndAny_OverAllOrAlongADimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { true, false, true, true }, [2, 2]);

        Assert.False(x.all().item<bool>());
        Assert.True(x.any().item<bool>());
        Equal([true, false], x.all(0L));
        Equal([false, true], x.all(1));
        Equal([true, true], x.any(1));
        Assert.Equal([2L, 1], x.any(1, keepdim: true).shape);
        Assert.False(F64(0, 0).any().item<bool>());
    }

    [Fact]
    public void CountNonzero_CountsAlongDimensions()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 0, 1, 2 }, { 0, 0, 3 } });

        Equal([0, 1, 2], x.count_nonzero([0]));
        Equal([2, 1], x.count_nonzero([1]));
        Equal([3], x.count_nonzero([0, 1]));
    }
}
