using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

// In-place operations (trailing underscore, as in PyTorch). Each returns this tensor.
public partial class Tensor
{
    public Tensor add_(Tensor other, Scalar? alpha = null) => InPlace(Aten.add__Tensor, this, other, alpha ?? 1);
    public Tensor add_(Scalar other) => InPlace(Aten.add__Scalar, this, other);
    public Tensor sub_(Tensor other, Scalar? alpha = null) => InPlace(Aten.sub__Tensor, this, other, alpha ?? 1);
    public Tensor sub_(Scalar other) => InPlace(Aten.sub__Scalar, this, other);
    public Tensor mul_(Tensor other) => InPlace(Aten.mul__Tensor, this, other);
    public Tensor mul_(Scalar other) => InPlace(Aten.mul__Scalar, this, other);
    public Tensor div_(Tensor other) => InPlace(Aten.div__Tensor, this, other);
    public Tensor div_(Scalar other) => InPlace(Aten.div__Scalar, this, other);
    public Tensor neg_() => InPlace(Aten.neg_, this);
    public Tensor exp_() => InPlace(Aten.exp_, this);
    public Tensor sqrt_() => InPlace(Aten.sqrt_, this);
    public Tensor pow_(Scalar exponent) => InPlace(Aten.pow__Scalar, this, exponent);

    /// <summary>this += value · tensor1 · tensor2.</summary>
    public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar? value = null) =>
        InPlace(Aten.addcmul_, this, tensor1, tensor2, value ?? 1);

    /// <summary>this += value · tensor1 / tensor2.</summary>
    public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar? value = null) =>
        InPlace(Aten.addcdiv_, this, tensor1, tensor2, value ?? 1);

    /// <summary>this += weight · (end − this).</summary>
    public Tensor lerp_(Tensor end, Scalar weight) => InPlace(Aten.lerp__Scalar, this, end, weight);

    /// <summary>Copies <paramref name="source"/> (broadcast, converted) into this tensor.</summary>
    public Tensor copy_(Tensor source) => InPlace(Aten.copy_, this, source);

    public Tensor zero_() => InPlace(Aten.zero_, this);
    public Tensor fill_(Scalar value) => InPlace(Aten.fill__Scalar, this, value);

    public Tensor clamp_(Scalar? min = null, Scalar? max = null) =>
        InPlace(Aten.clamp_, this, min is { } lo ? lo : Arg.None, max is { } hi ? hi : Arg.None);

    public Tensor masked_fill_(Tensor mask, Scalar value) => InPlace(Aten.masked_fill__Scalar, this, mask, value);

    /// <summary>Fills with draws from U(from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null) =>
        InPlace(Aten.uniform_, this, from, to, Arg.Optional(generator));

    /// <summary>Fills with draws from N(mean, std²).</summary>
    public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null) =>
        InPlace(Aten.normal_, this, mean, std, Arg.Optional(generator));

    /// <summary>Fills with Bernoulli(p) draws (0 or 1).</summary>
    public Tensor bernoulli_(double p = 0.5, Generator? generator = null) =>
        InPlace(Aten.bernoulli__float, this, p, Arg.Optional(generator));

    /// <summary>Fills with Bernoulli draws, element i on with probability <paramref name="p"/>[i] (0 or 1).</summary>
    public Tensor bernoulli_(Tensor p, Generator? generator = null) =>
        InPlace(Aten.bernoulli__Tensor, this, p, Arg.Optional(generator));

    /// <summary>this = β·this + α·(mat1 @ mat2), without a temporary; with β = 0 the old contents are ignored.</summary>
    public Tensor addmm_(Tensor mat1, Tensor mat2, Scalar? beta = null, Scalar? alpha = null) =>
        InPlace(Aten.addmm_, this, mat1, mat2, beta ?? 1, alpha ?? 1);

    public Tensor sigmoid_() => InPlace(Aten.sigmoid_, this);

    public Tensor tanh_() => InPlace(Aten.tanh_, this);

    /// <summary>this[indices] = values (or += with <paramref name="accumulate"/>).</summary>
    public Tensor index_put_(Tensor?[] indices, Tensor values, bool accumulate = false) =>
        InPlace(Aten.index_put_, this, Arg.OptionalList(indices), values, accumulate);

    private Tensor InPlace(Operator op, params ReadOnlySpan<Arg> args)
    {
        op.CallInPlace(args);
        return this;
    }
}
