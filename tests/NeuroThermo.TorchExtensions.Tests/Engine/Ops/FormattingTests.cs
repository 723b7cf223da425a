using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

// Every expected string is what PyTorch 1.13 prints for the same tensor (checked with Python's
// torch). Line width 80, four decimals, 'tensor(' indent of seven.
public sealed class FormattingTests
{
    private static Tensor Leaf(params float[] values) => torch.tensor(values, requires_grad: true);

    private static readonly Dictionary<string, (Func<Tensor> Make, string Expected)> Cases = new()
    {
        ["integral floats"] = (() => torch.tensor(new[] { 1f, 2, 3 }), "tensor([1., 2., 3.])"),
        ["fractional matrix"] = (() => torch.tensor(new[,] { { 1.5f, 2 }, { 3, 4 } }),
            "tensor([[1.5000, 2.0000],\n        [3.0000, 4.0000]])"),
        ["negative padding"] = (() => torch.tensor(new[] { -1.5f, 2.25f }), "tensor([-1.5000,  2.2500])"),
        ["negative zero"] = (() => torch.tensor(new[] { -0f, 1 }), "tensor([-0., 1.])"),
        ["float64 suffix"] = (() => torch.tensor(new[] { 0.5, 1.25 }), "tensor([0.5000, 1.2500], dtype=torch.float64)"),
        ["int64 right-aligned"] = (() => torch.tensor(new long[] { 1, -20, 300 }), "tensor([  1, -20, 300])"),
        ["int matrix"] = (() => torch.tensor(new long[,] { { 1, -2 }, { 30, 4 } }), "tensor([[ 1, -2],\n        [30,  4]])"),
        ["int32 suffix"] = (() => torch.tensor(new[] { 1, 2 }), "tensor([1, 2], dtype=torch.int32)"),
        ["bool"] = (() => torch.tensor(new[] { true, false }), "tensor([ True, False])"),
        ["bool matrix"] = (() => torch.tensor(new[,] { { true, false }, { false, true } }),
            "tensor([[ True, False],\n        [False,  True]])"),
        ["requires grad"] = (() => Leaf(1, 2), "tensor([1., 2.], requires_grad=True)"),
        ["grad fn"] = (() => Leaf(1, 2) * torch.tensor(new[] { 2f, 2 }), "tensor([2., 4.], grad_fn=<MulBackward0>)"),
        ["scalar grad fn"] = (() => Leaf(1, 2).sum(), "tensor(3., grad_fn=<SumBackward0>)"),
        ["small values in scientific"] = (() => torch.tensor(new[] { 1e-5f, 1 }), "tensor([1.0000e-05, 1.0000e+00])"),
        ["single tiny value"] = (() => torch.tensor(new[] { 1e-5f }), "tensor([1.0000e-05])"),
        ["wide range in scientific"] = (() => torch.tensor(new[] { 123456.5f, 1.25f }), "tensor([1.2346e+05, 1.2500e+00])"),
        ["large integers in scientific"] = (() => torch.tensor(new[] { 1e10f, 1 }), "tensor([1.0000e+10, 1.0000e+00])"),
        ["above 1e8"] = (() => torch.tensor(new[] { 1e9f, 2e9f }), "tensor([1.0000e+09, 2.0000e+09])"),
        ["small but fixed"] = (() => torch.tensor(new[] { 0.001f, 0.5f }), "tensor([0.0010, 0.5000])"),
        ["half-way rounds to even"] = (() => torch.tensor(new[] { 1.03125f, 2.5f }), "tensor([1.0312, 2.5000])"),
        ["scientific half-way rounds to even"] = (() => torch.tensor(new[] { 12.3125, 100000 }),
            "tensor([1.2312e+01, 1.0000e+05], dtype=torch.float64)"),
        ["scientific rounding carries into the exponent"] = (() => torch.tensor(new[] { 9.99995, 1e-5 }),
            "tensor([1.0000e+01, 1.0000e-05], dtype=torch.float64)"),
        ["fixed half-way rounds to even"] = (() => torch.tensor(new[] { 0.03125f, 0.09375f }), "tensor([0.0312, 0.0938])"),
        ["negative scientific"] = (() => torch.tensor(new[] { -123456.5f, 1 }), "tensor([-1.2346e+05,  1.0000e+00])"),
        ["special values padded in scientific"] = (() => torch.tensor(new[,] { { 1e-10, -0.0 }, { double.NaN, 3 } }),
            "tensor([[1.0000e-10, -0.0000e+00],\n        [       nan, 3.0000e+00]], dtype=torch.float64)"),
        ["int64 beyond 2^53"] = (() => torch.tensor(new[] { 9007199254740993L, -1 }), "tensor([9007199254740993,               -1])"),
        ["float16"] = (() => torch.tensor(new[] { (Half)1, (Half)2 }), "tensor([1., 2.], dtype=torch.float16)"),
        ["summarised bool rows"] = (() => torch.arange(2000).reshape(2, 1000).@bool(),
            "tensor([[False,  True,  True,  ...,  True,  True,  True],\n" +
            "        [ True,  True,  True,  ...,  True,  True,  True]])"),
        ["0-d float64"] = (() => torch.tensor(3.5), "tensor(3.5000, dtype=torch.float64)"),
        ["0-d float32"] = (() => torch.tensor(2.0, torch.float32), "tensor(2.)"),
        ["0-d int"] = (() => torch.tensor(new long[] { 7 }, []), "tensor(7)"),
        ["nan aligned to finite width"] = (() => torch.tensor(new[] { 0f, 1.5f, float.NaN }), "tensor([0.0000, 1.5000,    nan])"),
        ["infinity does not widen"] = (() => torch.tensor(new[] { 1f, float.NegativeInfinity }), "tensor([1., -inf])"),
        ["only non-finite"] = (() => torch.tensor(new[] { float.NaN, float.PositiveInfinity }), "tensor([nan, inf])"),
        ["zeros"] = (() => torch.zeros(3), "tensor([0., 0., 0.])"),
        ["3-d blank line"] = (() => torch.arange(8.0).reshape(2, 2, 2),
            "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])"),
        ["empty"] = (() => torch.zeros(0), "tensor([])"),
        ["empty 2-d"] = (() => torch.zeros(2, 0), "tensor([], size=(2, 0))"),
        ["empty int64"] = (() => torch.zeros([0], torch.int64), "tensor([], dtype=torch.int64)"),
        ["empty 3-d float64"] = (() => torch.zeros([2, 0, 3], torch.float64), "tensor([], size=(2, 0, 3), dtype=torch.float64)"),
        ["wrapped at 80 columns"] = (() => torch.arange(30.0),
            "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n" +
            "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n" +
            "        28., 29.])"),
        ["wrapped rows of a matrix"] = (() => torch.arange(40.0).reshape(2, 20).div(3),
            "tensor([[ 0.0000,  0.3333,  0.6667,  1.0000,  1.3333,  1.6667,  2.0000,  2.3333,\n" +
            "          2.6667,  3.0000,  3.3333,  3.6667,  4.0000,  4.3333,  4.6667,  5.0000,\n" +
            "          5.3333,  5.6667,  6.0000,  6.3333],\n" +
            "        [ 6.6667,  7.0000,  7.3333,  7.6667,  8.0000,  8.3333,  8.6667,  9.0000,\n" +
            "          9.3333,  9.6667, 10.0000, 10.3333, 10.6667, 11.0000, 11.3333, 11.6667,\n" +
            "         12.0000, 12.3333, 12.6667, 13.0000]])"),
        ["suffixes fit"] = (() => torch.arange(0, 10, dtype: torch.float64).requires_grad_().mul(torch.tensor(1.5)),
            "tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n" +
            "        12.0000, 13.5000], dtype=torch.float64, grad_fn=<MulBackward0>)"),
        ["suffixes wrap"] = (() => torch.arange(0, 8, dtype: torch.float64).requires_grad_().mul(torch.tensor(1.5)),
            "tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000],\n" +
            "       dtype=torch.float64, grad_fn=<MulBackward0>)"),
        ["summarised vector"] = (() => torch.arange(2000), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"),
        ["summarised and wrapped"] = (() => torch.arange(2000.0).div(7),
            "tensor([0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 2.8529e+02, 2.8543e+02,\n" +
            "        2.8557e+02])"),
        ["summarised matrix"] = (() => torch.arange(2000.0).reshape(40, 50),
            "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01,\n" +
            "         4.9000e+01],\n" +
            "        [5.0000e+01, 5.1000e+01, 5.2000e+01,  ..., 9.7000e+01, 9.8000e+01,\n" +
            "         9.9000e+01],\n" +
            "        [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.4700e+02, 1.4800e+02,\n" +
            "         1.4900e+02],\n" +
            "        ...,\n" +
            "        [1.8500e+03, 1.8510e+03, 1.8520e+03,  ..., 1.8970e+03, 1.8980e+03,\n" +
            "         1.8990e+03],\n" +
            "        [1.9000e+03, 1.9010e+03, 1.9020e+03,  ..., 1.9470e+03, 1.9480e+03,\n" +
            "         1.9490e+03],\n" +
            "        [1.9500e+03, 1.9510e+03, 1.9520e+03,  ..., 1.9970e+03, 1.9980e+03,\n" +
            "         1.9990e+03]])"),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ToString_PrintsWhatPyTorchPrints(string name)
    {
        using var scope = torch.NewDisposeScope();
        var (make, expected) = Cases[name];

        Assert.Equal(expected, make().ToString());
    }

    [Fact]
    public void ToString_OfADisposedTensor_SaysSo()
    {
        var x = torch.zeros(1);
        x.Dispose();

        Assert.Equal("tensor(<disposed>)", x.ToString());
    }
}
