using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

// Element-wise arithmetic, functions and comparisons, with broadcasting; C# operators.
public partial class Tensor
{
    public Tensor add(Tensor other, Scalar? alpha = null) => Aten.add_Tensor.Call(this, other, alpha ?? 1);
    public Tensor add(Scalar other) => Aten.add_Scalar.Call(this, other);
    public Tensor sub(Tensor other, Scalar? alpha = null) => Aten.sub_Tensor.Call(this, other, alpha ?? 1);
    public Tensor sub(Scalar other) => Aten.sub_Scalar.Call(this, other);
    public Tensor mul(Tensor other) => Aten.mul_Tensor.Call(this, other);
    public Tensor mul(Scalar other) => Aten.mul_Scalar.Call(this, other);
    public Tensor div(Tensor other) => Aten.div_Tensor.Call(this, other);
    public Tensor div(Scalar other) => Aten.div_Scalar.Call(this, other);

    /// <summary>Division with rounding: "trunc" or "floor".</summary>
    public Tensor div(Tensor other, string roundingMode) => Aten.div_Tensor_mode.Call(this, other, roundingMode);

    public Tensor neg() => Aten.neg.Call(this);
    public Tensor pow(Scalar exponent) => Aten.pow_Tensor_Scalar.Call(this, exponent);
    public Tensor pow(Tensor exponent) => Aten.pow_Tensor_Tensor.Call(this, exponent);
    public Tensor exp() => Aten.exp.Call(this);
    public Tensor log() => Aten.log.Call(this);
    public Tensor log1p() => Aten.log1p.Call(this);
    public Tensor expm1() => Aten.expm1.Call(this);
    public Tensor log2() => Aten.log2.Call(this);
    public Tensor log10() => Aten.log10.Call(this);
    public Tensor sqrt() => Aten.sqrt.Call(this);
    public Tensor rsqrt() => Aten.rsqrt.Call(this);
    public Tensor abs() => Aten.abs.Call(this);
    public Tensor sign() => Aten.sign.Call(this);
    public Tensor sin() => Aten.sin.Call(this);
    public Tensor cos() => Aten.cos.Call(this);
    public Tensor tan() => Aten.tan.Call(this);
    public Tensor tanh() => Aten.tanh.Call(this);
    public Tensor sigmoid() => Aten.sigmoid.Call(this);
    public Tensor relu() => Aten.relu.Call(this);

    /// <summary>GELU; <paramref name="approximate"/> is "none" (exact, with erf) or "tanh".</summary>
    public Tensor gelu(string approximate = "none") => Aten.gelu.Call(this, approximate);

    public Tensor silu() => Aten.silu.Call(this);
    public Tensor softplus(double beta = 1, double threshold = 20) => Aten.softplus.Call(this, beta, threshold);
    public Tensor logsigmoid() => Aten.log_sigmoid.Call(this);
    public Tensor square() => Aten.square.Call(this);
    public Tensor reciprocal() => Aten.reciprocal.Call(this);
    public Tensor floor() => Aten.floor.Call(this);
    public Tensor ceil() => Aten.ceil.Call(this);
    public Tensor round() => Aten.round.Call(this);
    public Tensor trunc() => Aten.trunc.Call(this);
    public Tensor erf() => Aten.erf.Call(this);
    public Tensor atan2(Tensor other) => Aten.atan2.Call(this, other);

    /// <summary>Clamps to [min, max]; either bound may be omitted.</summary>
    public Tensor clamp(Scalar? min = null, Scalar? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp needs at least one of min and max");
        return Aten.clamp.Call(this, min is { } lo ? lo : Arg.None, max is { } hi ? hi : Arg.None);
    }

    public Tensor clamp(Tensor? min, Tensor? max) => Aten.clamp_Tensor.Call(this, Arg.Optional(min), Arg.Optional(max));
    public Tensor clamp_min(Scalar min) => Aten.clamp_min.Call(this, min);
    public Tensor clamp_max(Scalar max) => Aten.clamp_max.Call(this, max);
    public Tensor maximum(Tensor other) => Aten.maximum.Call(this, other);
    public Tensor minimum(Tensor other) => Aten.minimum.Call(this, other);

    /// <summary>Replaces the elements where <paramref name="mask"/> is true.</summary>
    public Tensor masked_fill(Tensor mask, Scalar value) => Aten.masked_fill_Scalar.Call(this, mask, value);
    public Tensor masked_fill(Tensor mask, Tensor value) => Aten.masked_fill_Tensor.Call(this, mask, value);

    public Tensor eq(Tensor other) => Aten.eq_Tensor.Call(this, other);
    public Tensor eq(Scalar other) => Aten.eq_Scalar.Call(this, other);
    public Tensor ne(Tensor other) => Aten.ne_Tensor.Call(this, other);
    public Tensor ne(Scalar other) => Aten.ne_Scalar.Call(this, other);
    public Tensor lt(Tensor other) => Aten.lt_Tensor.Call(this, other);
    public Tensor lt(Scalar other) => Aten.lt_Scalar.Call(this, other);
    public Tensor le(Tensor other) => Aten.le_Tensor.Call(this, other);
    public Tensor le(Scalar other) => Aten.le_Scalar.Call(this, other);
    public Tensor gt(Tensor other) => Aten.gt_Tensor.Call(this, other);
    public Tensor gt(Scalar other) => Aten.gt_Scalar.Call(this, other);
    public Tensor ge(Tensor other) => Aten.ge_Tensor.Call(this, other);
    public Tensor ge(Scalar other) => Aten.ge_Scalar.Call(this, other);
    public Tensor logical_and(Tensor other) => Aten.logical_and.Call(this, other);
    public Tensor logical_or(Tensor other) => Aten.logical_or.Call(this, other);
    public Tensor logical_xor(Tensor other) => Aten.logical_xor.Call(this, other);
    public Tensor logical_not() => Aten.logical_not.Call(this);
    public Tensor isnan() => Aten.isnan.Call(this);
    public Tensor isinf() => Aten.isinf.Call(this);
    public Tensor isfinite() => Aten.isfinite.Call(this);

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
    public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
    public static Tensor operator -(Scalar a, Tensor b) => Aten.rsub_Scalar.Call(b, a);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
    public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
    public static Tensor operator /(Scalar a, Tensor b)
    {
        using var reciprocal = b.reciprocal();
        return reciprocal.mul(a);
    }
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator <(Tensor a, Scalar b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator >(Tensor a, Scalar b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator <=(Tensor a, Scalar b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator >=(Tensor a, Scalar b) => a.ge(b);
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.logical_xor(b);
    public static Tensor operator !(Tensor a) => a.logical_not();
}
