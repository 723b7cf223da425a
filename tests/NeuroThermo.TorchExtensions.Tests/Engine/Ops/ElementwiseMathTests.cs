using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;
using F = TorchSharp.torch.nn.functional;
using Approximate = TorchSharp.Modules.GELU.Approximate;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

public sealed class ElementwiseMathTests
{
    private const double Tolerance = 1e-12;

    // Negative, fractional, zero and positive inputs; outside a function's domain both libtorch
    // and System.Math give NaN or ±∞, which the comparison matches exactly.
    private static readonly double[] Sample = [-2.5, -1, -0.25, 0, 0.5, 1, 3];

    private static readonly Dictionary<string, (Func<Tensor, Tensor> Op, Func<double, double> Expected)> Unary = new()
    {
        ["neg"] = (t => t.neg(), x => -x),
        ["exp"] = (t => t.exp(), Math.Exp),
        ["torch.exp"] = (torch.exp, Math.Exp),
        ["log"] = (t => t.log(), Math.Log),
        ["torch.log"] = (torch.log, Math.Log),
        ["log1p"] = (t => t.log1p(), x => Math.Log(1 + x)),
        ["expm1"] = (t => t.expm1(), x => Math.Exp(x) - 1),
        ["log2"] = (t => t.log2(), Math.Log2),
        ["log10"] = (t => t.log10(), Math.Log10),
        ["sqrt"] = (t => t.sqrt(), Math.Sqrt),
        ["torch.sqrt"] = (torch.sqrt, Math.Sqrt),
        ["rsqrt"] = (t => t.rsqrt(), x => 1 / Math.Sqrt(x)),
        ["abs"] = (t => t.abs(), Math.Abs),
        ["torch.abs"] = (torch.abs, Math.Abs),
        ["sign"] = (t => t.sign(), x => Math.Sign(x)),
        ["sin"] = (t => t.sin(), Math.Sin),
        ["cos"] = (t => t.cos(), Math.Cos),
        ["tan"] = (t => t.tan(), Math.Tan),
        ["tanh"] = (t => t.tanh(), Math.Tanh),
        ["torch.tanh"] = (torch.tanh, Math.Tanh),
        ["functional.tanh"] = (t => F.tanh(t), Math.Tanh),
        ["sigmoid"] = (t => t.sigmoid(), ReferenceMath.Sigmoid),
        ["torch.sigmoid"] = (torch.sigmoid, ReferenceMath.Sigmoid),
        ["functional.sigmoid"] = (F.sigmoid, ReferenceMath.Sigmoid),
        ["relu"] = (t => t.relu(), x => Math.Max(0, x)),
        ["functional.relu"] = (t => F.relu(t), x => Math.Max(0, x)),
        ["gelu"] = (t => t.gelu(), ReferenceMath.Gelu),
        ["gelu tanh"] = (t => t.gelu(Approximate.tanh), ReferenceMath.GeluTanh),
        ["functional.gelu"] = (t => F.gelu(t), ReferenceMath.Gelu),
        ["functional.gelu tanh"] = (t => F.gelu(t, Approximate.tanh), ReferenceMath.GeluTanh),
        ["silu"] = (t => t.silu(), x => x * ReferenceMath.Sigmoid(x)),
        ["functional.silu"] = (t => F.silu(t), x => x * ReferenceMath.Sigmoid(x)),
        ["softplus"] = (t => t.softplus(), x => ReferenceMath.Softplus(x)),
        ["functional.softplus"] = (t => F.softplus(t), x => ReferenceMath.Softplus(x)),
        ["logsigmoid"] = (t => F.logsigmoid(t), x => -ReferenceMath.Softplus(-x)),
        ["functional.logsigmoid"] = (F.logsigmoid, x => -ReferenceMath.Softplus(-x)),
        ["square"] = (t => t.square(), x => x * x),
        ["reciprocal"] = (t => t.reciprocal(), x => 1 / x),
        ["floor"] = (t => t.floor(), Math.Floor),
        ["ceil"] = (t => t.ceil(), Math.Ceiling),
        ["round"] = (t => t.round(), x => Math.Round(x, MidpointRounding.ToEven)),
        ["trunc"] = (t => t.trunc(), Math.Truncate),
        ["erf"] = (t => t.erf(), ReferenceMath.Erf),
    };

    public static TheoryData<string> UnaryNames() => new(Unary.Keys);

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void UnaryFunction_MatchesSystemMathElementWise(string name)
    {
        using var scope = torch.NewDisposeScope();
        var (op, expected) = Unary[name];

        var result = op(F64(Sample));

        Assert.Equal(ScalarType.Float64, result.dtype);
        Close(Map(Sample, expected), result, Tolerance);
    }

    [Fact]
    public void Erf_MatchesTabulatedValues()
    {
        using var scope = torch.NewDisposeScope();

        // erf to double precision, as C99 erf (Python's math.erf) gives it.
        Close([0.5204998778130465, 0.8427007929497149, -0.8427007929497149, 0.9953222650189527],
            F64(0.5, 1, -1, 2).erf(), Tolerance);
    }

    [Fact]
    public void Log1pAndExpm1_StayAccurateNearZero()
    {
        using var scope = torch.NewDisposeScope();
        const double x = 1e-10;
        const double RelativeTolerance = 1e-15;

        // Two terms of the series: log1p(x) = x − x²/2 + …, expm1(x) = x + x²/2 + …
        var log1p = F64(x).log1p().item<double>();
        var expm1 = F64(x).expm1().item<double>();

        Assert.Equal(x - x * x / 2, log1p, x * RelativeTolerance);
        Assert.Equal(x + x * x / 2, expm1, x * RelativeTolerance);
    }

    [Fact]
    public void Round_SendsHalvesToTheEvenNeighbour()
    {
        using var scope = torch.NewDisposeScope();

        Close([0, 2, 2, -0.0, -2, 4], F64(0.5, 1.5, 2.5, -0.5, -2.5, 3.5).round(), 0);
    }

    [Fact]
    public void Softplus_WithBetaAndThreshold_IsLinearAboveTheThreshold()
    {
        using var scope = torch.NewDisposeScope();
        const double Beta = 2;
        const double Threshold = 5;

        var result = F64(-1, 1, 3).softplus(Beta, Threshold);

        // β·3 = 6 > 5: returned unchanged.
        Close([Math.Log(1 + Math.Exp(-2)) / 2, Math.Log(1 + Math.Exp(2)) / 2, 3], result, Tolerance);
        Close(30, F64(30).softplus(), 0);
    }

    [Fact]
    public void Gelu_ModesDifferAsTheirFormulasDo()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1.5);

        var exact = x.gelu(Approximate.none).item<double>();
        var approximate = x.gelu(Approximate.tanh).item<double>();

        Assert.Equal(ReferenceMath.Gelu(1.5), exact, Tolerance);
        Assert.Equal(ReferenceMath.GeluTanh(1.5), approximate, Tolerance);
        Assert.NotEqual(exact, approximate);
    }

    [Fact]
    public void AddSubMulDiv_WithTensors_BroadcastRowsOverMatrix()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = F64(10, 20, 40);

        Close([11, 22, 43, 14, 25, 46], [2, 3], a.add(b), Tolerance);
        Close([-9, -18, -37, -6, -15, -34], [2, 3], a.sub(b), Tolerance);
        Close([10, 40, 120, 40, 100, 240], [2, 3], a.mul(b), Tolerance);
        Close([0.1, 0.1, 0.075, 0.4, 0.25, 0.15], [2, 3], a.div(b), Tolerance);
    }

    [Fact]
    public void AddAndSub_WithAlpha_ScaleTheOtherOperand()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(1, 2);
        var b = F64(10, 20);

        Close([21, 42], a.add(b, 2), Tolerance);
        Close([-4, -8], a.add(b, -0.5), Tolerance);
    }

    [Fact]
    public void AddSubMulDiv_WithScalar_ActOnEveryElement()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(1, -2, 4);

        Close([3.5, 0.5, 6.5], a.add(2.5), Tolerance);
        Close([-1.5, -4.5, 1.5], a.sub(2.5), Tolerance);
        Close([3, -6, 12], a.mul(3), Tolerance);
        Close([0.25, -0.5, 1], a.div(4), Tolerance);
    }

    [Fact]
    public void Operators_MatchTheirMethods_WithScalarOnEitherSide()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(1, 2, 4);
        var b = F64(2, 2, 2);

        Close([3, 4, 6], a + b, Tolerance);
        Close([3, 4, 6], a + 2, Tolerance);
        Close([3, 4, 6], 2 + a, Tolerance);
        Close([-1, 0, 2], a - b, Tolerance);
        Close([-1, 0, 2], a - 2, Tolerance);
        Close([1, 0, -2], 2 - a, Tolerance);
        Close([2, 4, 8], a * b, Tolerance);
        Close([2.5, 5, 10], a * 2.5, Tolerance);
        Close([2.5, 5, 10], 2.5 * a, Tolerance);
        Close([0.5, 1, 2], a / b, Tolerance);
        Close([0.5, 1, 2], a / 2, Tolerance);
        Close([2, 1, 0.5], 2 / a, Tolerance);
        Close([-1, -2, -4], -a, Tolerance);
    }

    [Fact]
    public void IntegerTensors_PromoteAsPyTorchDoes()
    {
        using var scope = torch.NewDisposeScope();
        var n = I64(1, 2, 3);

        var plusReal = n + 0.5;
        var timesInteger = n * 2;
        var quotient = n / I64(2, 2, 2);

        Assert.Equal(ScalarType.Float32, plusReal.dtype);
        Close([1.5, 2.5, 3.5], plusReal, 0);
        Assert.Equal(ScalarType.Int64, timesInteger.dtype);
        Equal([2, 4, 6], timesInteger);
        Assert.Equal(ScalarType.Float32, quotient.dtype);
        Close([0.5, 1, 1.5], quotient, 0);
    }

    [Fact]
    public void Div_WithRoundingMode_TruncatesOrFloors()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(-7, 7, -6);
        var b = F64(2, 2, 4);

        Close([-3, 3, -1], a.div(b, RoundingMode.trunc), 0);
        Close([-4, 3, -2], a.div(b, RoundingMode.floor), 0);
    }

    [Fact]
    public void Pow_WithScalarAndTensorExponents()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(4, 9, 0.5);

        Close([16, 81, 0.25], a.pow(2), Tolerance);
        Close([2, 3, Math.Sqrt(0.5)], a.pow(0.5), Tolerance);
        Close([0.25, 1.0 / 9, 2], a.pow(-1), Tolerance);
        Close([1, 9, 0.125], a.pow(F64(0, 1, 3)), Tolerance);
        Equal([1, 8, 81], I64(1, 2, 3).pow(I64(5, 3, 4)));
    }

    [Fact]
    public void Atan2_ResolvesAllFourQuadrants()
    {
        using var scope = torch.NewDisposeScope();
        double[] y = [1, 1, -1, -1, 0];
        double[] x = [1, -1, -1, 1, -1];

        var expected = y.Zip(x, Math.Atan2).ToArray();

        Close(expected, F64(y).atan2(F64(x)), Tolerance);
    }

    [Fact]
    public void MaximumAndMinimum_AreElementWise_AndPropagateNaN()
    {
        using var scope = torch.NewDisposeScope();
        var a = F64(1, 5, double.NaN);
        var b = F64(3, 2, 0);

        Close([3, 5, double.NaN], a.maximum(b), 0);
        Close([1, 2, double.NaN], a.minimum(b), 0);
        Close([3, 5, double.NaN], torch.maximum(a, b), 0);
        Close([1, 2, double.NaN], torch.minimum(a, b), 0);
    }
}
