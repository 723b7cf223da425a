using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

// Creating tensors: constants, ranges, random draws. dtype null means float32 (int64 for integer
// ranges and draws), as in PyTorch.
public static partial class torch
{
    private static Arg DeviceArg(Device? device) => device is null ? Arg.None : device;

    private static Tensor Finish(Tensor tensor, bool requiresGrad)
    {
        if (requiresGrad) tensor.requires_grad = true;
        return tensor;
    }

    public static Tensor zeros(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Finish(Aten.zeros.Call(shape, Arg.Optional(dtype), Arg.None, DeviceArg(device)), requires_grad);

    public static Tensor zeros(params long[] shape) => zeros(shape, null);

    public static Tensor ones(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Finish(Aten.ones.Call(shape, Arg.Optional(dtype), Arg.None, DeviceArg(device)), requires_grad);

    public static Tensor ones(params long[] shape) => ones(shape, null);

    public static Tensor full(long[] shape, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Finish(Aten.full.Call(shape, value, Arg.Optional(dtype), Arg.None, DeviceArg(device)), requires_grad);

    /// <summary>Uninitialised memory: every element must be written before it is read.</summary>
    public static Tensor empty(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Finish(Aten.empty_memory_format.Call(shape, Arg.Optional(dtype), Arg.None, DeviceArg(device)), requires_grad);

    public static Tensor empty(params long[] shape) => empty(shape, null);

    public static Tensor zeros_like(Tensor other, ScalarType? dtype = null) => Aten.zeros_like.Call(other, Arg.Optional(dtype));
    public static Tensor ones_like(Tensor other, ScalarType? dtype = null) => Aten.ones_like.Call(other, Arg.Optional(dtype));
    public static Tensor empty_like(Tensor other, ScalarType? dtype = null) => Aten.empty_like.Call(other, Arg.Optional(dtype));
    public static Tensor full_like(Tensor other, Scalar value, ScalarType? dtype = null) =>
        Aten.full_like.Call(other, value, Arg.Optional(dtype));

    /// <summary>0, 1, …, end−1 (integers give int64, reals float32 unless a dtype is given).</summary>
    public static Tensor arange(Scalar end, ScalarType? dtype = null, Device? device = null) =>
        Aten.arange.Call(end, Arg.Optional(dtype), Arg.None, DeviceArg(device));

    /// <summary>start, start+step, … before end, as int64 (this overload keeps arange(-3, 0) unambiguous).</summary>
    public static Tensor arange(long start, long end, long step = 1, ScalarType? dtype = null, Device? device = null) =>
        Aten.arange_start_step.Call(start, end, step, Arg.Optional(dtype), Arg.None, DeviceArg(device));

    public static Tensor arange(Scalar start, Scalar end, Scalar? step = null, ScalarType? dtype = null, Device? device = null) =>
        Aten.arange_start_step.Call(start, end, step ?? 1, Arg.Optional(dtype), Arg.None, DeviceArg(device));

    /// <summary><paramref name="steps"/> evenly spaced values from start to end, both included.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null) =>
        Aten.linspace.Call(start, end, steps, Arg.Optional(dtype), Arg.None, DeviceArg(device));

    public static Tensor eye(long n, long? m = null, ScalarType? dtype = null, Device? device = null) =>
        Aten.eye_m.Call(n, m ?? n, Arg.Optional(dtype), Arg.None, DeviceArg(device));

    /// <summary>Draws from U[0, 1).</summary>
    public static Tensor rand(long[] shape, ScalarType? dtype = null, Generator? generator = null, Device? device = null,
        bool requires_grad = false) =>
        Finish(Aten.rand_generator.Call(shape, Arg.Optional(generator), Arg.Optional(dtype), Arg.None, DeviceArg(device)), requires_grad);

    public static Tensor rand(params long[] shape) => rand(shape, null);

    /// <summary>Draws from N(0, 1).</summary>
    public static Tensor randn(long[] shape, ScalarType? dtype = null, Generator? generator = null, Device? device = null,
        bool requires_grad = false) =>
        Finish(Aten.randn_generator.Call(shape, Arg.Optional(generator), Arg.Optional(dtype), Arg.None, DeviceArg(device)), requires_grad);

    public static Tensor randn(params long[] shape) => randn(shape, null);

    public static Tensor rand_like(Tensor other) => Aten.rand_like.Call(other);
    public static Tensor randn_like(Tensor other) => Aten.randn_like.Call(other);

    /// <summary>Uniform integers in [low, high).</summary>
    public static Tensor randint(long low, long high, long[] shape, ScalarType? dtype = null, Generator? generator = null,
        Device? device = null) =>
        Aten.randint_low_generator.Call(low, high, shape, Arg.Optional(generator), dtype ?? ScalarType.Int64, Arg.None, DeviceArg(device));

    public static Tensor randint(long high, long[] shape, ScalarType? dtype = null, Generator? generator = null) =>
        randint(0, high, shape, dtype, generator);

    /// <summary>A random permutation of 0 … n−1.</summary>
    public static Tensor randperm(long n, Generator? generator = null, ScalarType? dtype = null, Device? device = null) =>
        Aten.randperm_generator.Call(n, Arg.Optional(generator), dtype ?? ScalarType.Int64, Arg.None, DeviceArg(device));

    /// <summary>Draws 0 or 1 with probabilities given element-wise by <paramref name="probabilities"/>.</summary>
    public static Tensor bernoulli(Tensor probabilities, Generator? generator = null) =>
        Aten.bernoulli.Call(probabilities, Arg.Optional(generator));

    /// <summary>Draws indices from each row of (unnormalised, non-negative) <paramref name="weights"/>.</summary>
    public static Tensor multinomial(Tensor weights, long samples, bool replacement = false, Generator? generator = null) =>
        Aten.multinomial.Call(weights, samples, replacement, Arg.Optional(generator));

    // Functions of several tensors.
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Aten.cat.Call(tensors.ToArray(), dim);
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Aten.stack.Call(tensors.ToArray(), dim);

    /// <summary>condition ? x : y, element-wise with broadcasting.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => Aten.where_self.Call(condition, x, y);
    public static Tensor where(Tensor condition, Tensor x, Scalar y) => Aten.where_ScalarOther.Call(condition, x, y);
    public static Tensor where(Tensor condition, Scalar x, Tensor y) => Aten.where_ScalarSelf.Call(condition, x, y);

    /// <summary>Einstein summation, e.g. <c>einsum("ij,jk->ik", a, b)</c>.</summary>
    public static Tensor einsum(string equation, params Tensor[] operands) => Aten.einsum.Call(equation, operands);

    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor tanh(Tensor x) => x.tanh();
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor logsumexp(Tensor x, long dim, bool keepdim = false) => x.logsumexp(dim, keepdim);
    public static Tensor triu(Tensor x, long diagonal = 0) => x.triu(diagonal);
    public static Tensor tril(Tensor x, long diagonal = 0) => x.tril(diagonal);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor clamp(Tensor x, Scalar? min = null, Scalar? max = null) => x.clamp(min, max);
    public static Tensor inverse(Tensor x) => x.inverse();
    public static Tensor det(Tensor x) => x.det();
    public static Tensor flatten(Tensor x, long startDim = 0, long endDim = -1) => x.flatten(startDim, endDim);

    /// <summary>torch.linalg.</summary>
    public static class linalg
    {
        /// <summary>Eigen-decomposition of a symmetric (Hermitian) matrix: ascending eigenvalues and eigenvectors as columns.</summary>
        public static (Tensor eigenvalues, Tensor eigenvectors) eigh(Tensor a, string uplo = "L") => Aten.linalg_eigh.Call2(a, uplo);

        /// <summary>Eigenvalues of a general square matrix (complex).</summary>
        public static Tensor eigvals(Tensor a) => Aten.linalg_eigvals.Call(a);

        /// <summary>The x with A x = B.</summary>
        public static Tensor solve(Tensor a, Tensor b) => Aten.linalg_solve.Call(a, b);

        /// <summary>
        /// The Moore–Penrose pseudo-inverse A⁺ (by SVD, or eigh when <paramref name="hermitian"/>): singular values at
        /// or below max(<paramref name="atol"/>, <paramref name="rtol"/>·σ_max) count as zero. Defaults as PyTorch:
        /// atol 0 and rtol = max(rows, columns)·ε of the dtype. A⁺ b is the minimum-norm least-squares solution.
        /// </summary>
        public static Tensor pinv(Tensor a, double? atol = null, double? rtol = null, bool hermitian = false) =>
            Aten.linalg_pinv.Call(a, Arg.Optional(atol), Arg.Optional(rtol), hermitian);

        public static Tensor inv(Tensor a) => a.inverse();
        public static Tensor det(Tensor a) => a.det();

        /// <summary>Vector p-norm.</summary>
        public static Tensor norm(Tensor x, double ord = 2, long[]? dims = null, bool keepdim = false) => x.norm(ord, dims, keepdim);
    }
}
