using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

// Views, reshapes, joins and selections.
public partial class Tensor
{
    /// <summary>Same data, new shape (one dimension may be -1); copies only when it must.</summary>
    public Tensor reshape(params long[] shape) => Aten.reshape.Call(this, shape);

    /// <summary>Same data, new shape; the strides must allow it (no copy, ever).</summary>
    public Tensor view(params long[] shape) => Aten.view.Call(this, shape);

    /// <summary>The same bytes read as another dtype of the same width (a bit-cast view).</summary>
    public Tensor view(ScalarType dtype) => Aten.view_dtype.Call(this, dtype);

    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor contiguous() => Aten.contiguous.Call(this);
    public Tensor squeeze() => Aten.squeeze.Call(this);
    public Tensor squeeze(long dim) => Aten.squeeze_dim.Call(this, dim);
    public Tensor unsqueeze(long dim) => Aten.unsqueeze.Call(this, dim);
    public Tensor flatten(long startDim = 0, long endDim = -1) => Aten.flatten_using_ints.Call(this, startDim, endDim);
    public Tensor unflatten(long dim, params long[] sizes) => Aten.unflatten_int.Call(this, dim, sizes);
    public Tensor transpose(long dim0, long dim1) => Aten.transpose_int.Call(this, dim0, dim1);

    /// <summary>Transpose of a matrix (or identity for 0-D and 1-D tensors).</summary>
    public Tensor t() => Aten.t.Call(this);

    /// <summary>Transpose of the last two dimensions.</summary>
    public Tensor mT => transpose(-2, -1);

    public Tensor permute(params long[] dims) => Aten.permute.Call(this, dims);

    /// <summary>Broadcasts to <paramref name="shape"/> without copying (-1 keeps a size).</summary>
    public Tensor expand(params long[] shape) => Aten.expand.Call(this, shape);

    public Tensor expand_as(Tensor other) => Aten.expand_as.Call(this, other);
    public Tensor repeat(params long[] repeats) => Aten.repeat.Call(this, repeats);
    public Tensor roll(long shift, long dim) => Aten.roll.Call(this, new[] { shift }, new[] { dim });
    public Tensor roll(long[] shifts, long[] dims) => Aten.roll.Call(this, shifts, dims);
    public Tensor flip(params long[] dims) => Aten.flip.Call(this, dims);
    public Tensor triu(long diagonal = 0) => Aten.triu.Call(this, diagonal);
    public Tensor tril(long diagonal = 0) => Aten.tril.Call(this, diagonal);
    public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => Aten.diagonal.Call(this, offset, dim1, dim2);
    public Tensor diag(long diagonal = 0) => Aten.diag.Call(this, diagonal);
    public Tensor trace() => Aten.trace.Call(this);

    /// <summary>out[i][j] = this[index[i][j]][j] for dim 0 (and likewise for other dims).</summary>
    public Tensor gather(long dim, Tensor index) => Aten.gather.Call(this, dim, index);

    public Tensor scatter(long dim, Tensor index, Tensor source) => Aten.scatter_src.Call(this, dim, index, source);
    public Tensor scatter(long dim, Tensor index, Scalar value) => Aten.scatter_value.Call(this, dim, index, value);
    public Tensor scatter_add(long dim, Tensor index, Tensor source) => Aten.scatter_add.Call(this, dim, index, source);
    public Tensor index_select(long dim, Tensor index) => Aten.index_select.Call(this, dim, index);
    public Tensor masked_select(Tensor mask) => Aten.masked_select.Call(this, mask);

    /// <summary>Indices of the non-zero elements, one row per element: (n, dim).</summary>
    public Tensor nonzero() => Aten.nonzero.Call(this);

    public Tensor narrow(long dim, long start, long length) => Aten.narrow.Call(this, dim, start, length);
    public Tensor select(long dim, long index) => Aten.select_int.Call(this, dim, index);

    /// <summary>Elements start, start+step, … before end along a dimension (a view).</summary>
    public Tensor slice(long dim, long? start, long? end, long step = 1) =>
        Aten.slice_Tensor.Call(this, dim, Arg.Optional(start), Arg.Optional(end), step);

    /// <summary>Splits into pieces of <paramref name="splitSize"/> along a dimension (the last may be smaller).</summary>
    public Tensor[] split(long splitSize, long dim = 0)
    {
        var length = size(dim);
        var pieces = splitSize > 0 ? (int)((length + splitSize - 1) / splitSize) : 1;
        return Aten.split_Tensor.CallList(Math.Max(pieces, 1), this, splitSize, dim);
    }

    /// <summary>Splits into pieces of the given sizes along a dimension.</summary>
    public Tensor[] split(long[] sizes, long dim = 0) => Aten.split_sizes.CallList(sizes.Length, this, sizes, dim);

    public Tensor[] chunk(long chunks, long dim = 0) => Aten.chunk.CallList((int)Math.Max(chunks, 1), this, chunks, dim);

    public Tensor[] unbind(long dim = 0) => Aten.unbind_int.CallList((int)size(dim), this, dim);

    /// <summary>Advanced indexing with index tensors (null entries keep a dimension whole).</summary>
    public Tensor index(params Tensor?[] indices) => Aten.index_Tensor.Call(this, Arg.OptionalList(indices));

    // Linear algebra.
    public Tensor matmul(Tensor other) => Aten.matmul.Call(this, other);
    public Tensor mm(Tensor other) => Aten.mm.Call(this, other);

    /// <summary>β·this + α·(mat1 @ mat2), this broadcast to the product's shape (a bias row, for instance).</summary>
    public Tensor addmm(Tensor mat1, Tensor mat2, Scalar? beta = null, Scalar? alpha = null) =>
        Aten.addmm.Call(this, mat1, mat2, beta ?? 1, alpha ?? 1);
    public Tensor bmm(Tensor other) => Aten.bmm.Call(this, other);
    public Tensor outer(Tensor other) => Aten.outer.Call(this, other);
    public Tensor dot(Tensor other) => Aten.dot.Call(this, other);
    public Tensor inverse() => Aten.inverse.Call(this);
    public Tensor det() => Aten.linalg_det.Call(this);

    /// <summary>Vector p-norm over all elements or over dimensions.</summary>
    public Tensor norm(double p = 2, long[]? dims = null, bool keepdim = false) =>
        Aten.linalg_vector_norm.Call(this, p, Arg.Optional(dims), keepdim);

    // Conversions and copies.
    /// <summary>Converts the element type (returns this data when it already has that type).</summary>
    public Tensor to(ScalarType dtype, bool copy = false) => Aten.to_dtype.Call(this, dtype, false, copy);

    public Tensor to(Device device, ScalarType? dtype = null, bool copy = false) =>
        Aten.to_device.Call(this, device, dtype ?? this.dtype, false, copy);

    public Tensor to_type(ScalarType dtype) => to(dtype);
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);
    public Tensor cpu() => to(new Device(DeviceType.CPU));
    public Tensor cuda(int index = 0) => to(new Device(DeviceType.CUDA, index));

    /// <summary>A copy with its own storage (differentiable).</summary>
    public Tensor clone() => Aten.clone.Call(this);
}
