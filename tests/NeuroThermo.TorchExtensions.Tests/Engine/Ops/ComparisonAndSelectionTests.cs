using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

// Comparisons, logic, predicates, where, masked_fill and clamp: element-wise ops whose results are
// exact, so every comparison below is exact.
public sealed class ComparisonAndSelectionTests
{
    private static readonly double[] Left = [1, 2, 3, 4];
    private static readonly double[] Right = [4, 2, 1, 4];

    private static bool[] Expect(Func<double, double, bool> predicate) => Left.Zip(Right, predicate).ToArray();

    [Fact]
    public void Comparisons_WithTensor_MatchCSharpOperators()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(Left);
        var b = F64(Right);

        Equal(Expect((x, y) => x == y), a.eq(b));
        Equal(Expect((x, y) => x != y), a.ne(b));
        Equal(Expect((x, y) => x < y), a.lt(b));
        Equal(Expect((x, y) => x <= y), a.le(b));
        Equal(Expect((x, y) => x > y), a.gt(b));
        Equal(Expect((x, y) => x >= y), a.ge(b));
        Equal(Expect((x, y) => x < y), a < b);
        Equal(Expect((x, y) => x <= y), a <= b);
        Equal(Expect((x, y) => x > y), a > b);
        Equal(Expect((x, y) => x >= y), a >= b);
    }

    [Fact]
    public void Comparisons_WithScalar_CompareEveryElement()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(Left);

        Equal([false, true, false, false], a.eq(2));
        Equal([true, false, true, true], a.ne(2));
        Equal([true, false, false, false], a.lt(2));
        Equal([true, true, false, false], a.le(2));
        Equal([false, false, true, true], a.gt(2));
        Equal([false, true, true, true], a.ge(2));
        Equal([true, true, false, false], a < 2.5);
        Equal([true, true, false, false], a <= 2);
        Equal([false, false, true, true], a > 2.5);
        Equal([false, true, true, true], a >= 2);
    }

    [Fact]
    public void LogicalOps_FollowTruthTables()
    {
        using var scope = torch.NewDisposeScope();
        var p = Bools(true, true, false, false);
        var q = Bools(true, false, true, false);

        Equal([true, false, false, false], p.logical_and(q));
        Equal([true, true, true, false], p.logical_or(q));
        Equal([false, true, true, false], p.logical_xor(q));
        Equal([false, false, true, true], p.logical_not());
        Equal([true, false, false, false], p & q);
        Equal([true, true, true, false], p | q);
        Equal([false, true, true, false], p ^ q);
        Equal([false, false, true, true], ~p);
    }

    [Fact]
    public void LogicalOps_TreatNonZeroNumbersAsTrue()
    {
        using var scope = torch.NewDisposeScope();

        Equal([false, true, false], F64(0, -2, 0.5).logical_and(F64(1, 3, 0)));
    }

    [Fact]
    public void Predicates_ClassifyNaNAndInfinities()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0);

        Equal([false, true, false, false, false], x.isnan());
        Equal([false, false, true, true, false], x.isinf());
        Equal([true, false, false, false, true], x.isfinite());
    }

    [Fact]
    public void Where_PicksFromXWhereTrue_ForTensorAndScalarBranches()
    {
        using var scope = torch.NewDisposeScope();
        var condition = Bools(true, false, true);
        var x = F64(1, 2, 3);
        var y = F64(-1, -2, -3);

        Close([1, -2, 3], torch.where(condition, x, y), 0);
        Close([1, 9, 3], torch.where(condition, x, torch.tensor(9.0)), 0);
        Close([9, -2, 9], torch.where(condition, torch.tensor(9.0), y), 0);
    }

    [Fact]
    public void Where_BroadcastsTheCondition()
    {
        using var scope = torch.NewDisposeScope();
        var columnMask = Bools(true, false);
        var x = Matrix(new double[,] { { 1, 2 }, { 3, 4 } });

        Close([1, 0, 3, 0], [2, 2], torch.where(columnMask, x, torch.tensor(0.0)), 0);
    }

    [Fact]
    public void MaskedFill_ReplacesMaskedElements_ByScalarOrZeroDimTensor()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1, 2, 3, 4);
        var mask = Bools(false, true, false, true);

        Close([1, -1, 3, -1], x.masked_fill(mask, -1), 0);
        Close([1, 7.5, 3, 7.5], x.masked_fill(mask, 7.5), 0);
        Close([1, 2, 3, 4], x, 0);
    }

    [Fact]
    public void MaskedFill_WithNegativeInfinity_BuildsACausalMask()
    {
        using var scope = torch.NewDisposeScope();
        var scores = torch.zeros([3, 3], torch.float64);
        var above = torch.ones([3, 3], torch.@bool).triu(1);

        var masked = scores.masked_fill(above, double.NegativeInfinity);

        var inf = double.NegativeInfinity;
        Close([0, inf, inf, 0, 0, inf, 0, 0, 0], masked, 0);
    }

    [Fact]
    public void Clamp_WithScalarBounds_ClipsBelowAboveOrBoth()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(-3, -0.5, 0.5, 3);

        Close([-1, -0.5, 0.5, 1], x.clamp(-1, 1), 0);
        Close([0, 0, 0.5, 3], x.clamp(min: 0), 0);
        Close([-3, -0.5, 0, 0], x.clamp(max: 0), 0);
        Close([0, 0, 0.5, 3], x.clamp_min(0), 0);
        Close([-3, -0.5, 0, 0], x.clamp_max(0), 0);
        Close([-1, -0.5, 0.5, 1], torch.clamp(x, -1, 1), 0);
    }

    [Fact]
    public void Clamp_WithTensorBounds_ClipsElementWise()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(-3, -0.5, 0.5, 3);
        var lo = F64(-2, 0, 0, 0);
        var hi = F64(2, 2, 0.25, 5);

        Close([-2, 0, 0.25, 3], x.clamp(lo, hi), 0);
        Close([-2, 0, 0.5, 3], x.clamp(lo, (Tensor?)null), 0);
        Close([-3, -0.5, 0.25, 3], x.clamp((Tensor?)null, hi), 0);
    }

    [Fact]
    public void Clamp_WithoutBounds_Throws()
    {
        using var scope = torch.NewDisposeScope();

        var error = Assert.Throws<ExternalException>(() => F64(1).clamp((Scalar?)null, (Scalar?)null));
        Assert.StartsWith("torch.clamp: At least one of 'min' or 'max' must not be None", error.Message);
    }
}
