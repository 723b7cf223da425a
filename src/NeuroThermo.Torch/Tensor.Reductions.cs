using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

// Reductions over all elements or over chosen dimensions (negative dimensions count from the end).
public partial class Tensor
{
    // The literal 0 converts implicitly to any enum, and a call that fills every parameter wins
    // over one that needs defaults: without the exact-int overloads, sum(0), mean(0) and prod(0)
    // would bind to the dtype overloads and reduce everything in uint8.
    public Tensor sum(ScalarType? dtype = null) => Aten.sum.Call(this, Arg.Optional(dtype));

    public Tensor sum(int dim, bool keepdim = false, ScalarType? dtype = null) => sum((long)dim, keepdim, dtype);

    public Tensor sum(long dim, bool keepdim = false, ScalarType? dtype = null) => sum([dim], keepdim, dtype);

    public Tensor sum(long[] dims, bool keepdim = false, ScalarType? dtype = null) =>
        Aten.sum_dim_IntList.Call(this, dims, keepdim, Arg.Optional(dtype));

    public Tensor mean(ScalarType? dtype = null) => Aten.mean.Call(this, Arg.Optional(dtype));

    public Tensor mean(int dim, bool keepdim = false) => mean([dim], keepdim);

    public Tensor mean(long dim, bool keepdim = false) => mean([dim], keepdim);

    public Tensor mean(long[] dims, bool keepdim = false, ScalarType? dtype = null) =>
        Aten.mean_dim.Call(this, dims, keepdim, Arg.Optional(dtype));

    /// <summary>Variance with Bessel's correction by default (<paramref name="correction"/> = 1).</summary>
    public Tensor var(long[]? dims = null, long correction = 1, bool keepdim = false) =>
        Aten.var_correction.Call(this, Arg.Optional(dims), correction, keepdim);

    public Tensor var(long dim, long correction = 1, bool keepdim = false) => var([dim], correction, keepdim);

    /// <summary>Standard deviation with Bessel's correction by default.</summary>
    public Tensor std(long[]? dims = null, long correction = 1, bool keepdim = false) =>
        Aten.std_correction.Call(this, Arg.Optional(dims), correction, keepdim);

    public Tensor std(long dim, long correction = 1, bool keepdim = false) => std([dim], correction, keepdim);

    public Tensor min() => Aten.min.Call(this);
    public Tensor max() => Aten.max.Call(this);

    /// <summary>Minimum along a dimension: (values, indices).</summary>
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => Aten.min_dim.Call2(this, dim, keepdim);

    /// <summary>Maximum along a dimension: (values, indices).</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => Aten.max_dim.Call2(this, dim, keepdim);

    public Tensor amax(long[] dims, bool keepdim = false) => Aten.amax.Call(this, dims, keepdim);
    public Tensor amin(long[] dims, bool keepdim = false) => Aten.amin.Call(this, dims, keepdim);

    /// <summary>Index of the maximum, over all elements (flattened) or along a dimension.</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false) => Aten.argmax.Call(this, Arg.Optional(dim), keepdim);

    /// <summary>Index of the minimum, over all elements (flattened) or along a dimension.</summary>
    public Tensor argmin(long? dim = null, bool keepdim = false) => Aten.argmin.Call(this, Arg.Optional(dim), keepdim);

    /// <summary>ln Σ exp, computed without overflow.</summary>
    public Tensor logsumexp(long dim, bool keepdim = false) => logsumexp([dim], keepdim);

    public Tensor logsumexp(long[] dims, bool keepdim = false) => Aten.logsumexp.Call(this, dims, keepdim);

    public Tensor cumsum(long dim, ScalarType? dtype = null) => Aten.cumsum.Call(this, dim, Arg.Optional(dtype));
    public Tensor prod(ScalarType? dtype = null) => Aten.prod.Call(this, Arg.Optional(dtype));
    public Tensor prod(int dim, bool keepdim = false) => prod((long)dim, keepdim);
    public Tensor prod(long dim, bool keepdim = false) => Aten.prod_dim_int.Call(this, dim, keepdim);
    public Tensor all() => Aten.all.Call(this);
    public Tensor all(long dim, bool keepdim = false) => Aten.all_dim.Call(this, dim, keepdim);
    public Tensor any() => Aten.any.Call(this);
    public Tensor any(long dim, bool keepdim = false) => Aten.any_dim.Call(this, dim, keepdim);
    public Tensor count_nonzero(long[] dims) => Aten.count_nonzero_dim_IntList.Call(this, dims);

    /// <summary>The k largest (or smallest) elements along a dimension: (values, indices).</summary>
    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true) =>
        Aten.topk.Call2(this, k, dim, largest, sorted);

    /// <summary>Sorts along a dimension: (values, indices).</summary>
    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false) =>
        Aten.sort_stable.Call2(this, stable, dim, descending);

    public Tensor argsort(long dim = -1, bool descending = false, bool stable = false) =>
        Aten.argsort_stable.Call(this, stable, dim, descending);
}
