using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

/// <summary>
/// An n-dimensional array on a device, with autograd: a handle to one native at::Tensor.
/// Dispose it (or let a <see cref="DisposeScope"/> do so) to free its memory deterministically;
/// the finalizer is only a safety net.
/// </summary>
public partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;

    internal Tensor(IntPtr handle, bool joinScope = true)
    {
        if (handle == IntPtr.Zero) throw new TorchException("libtorch returned an undefined tensor");
        _handle = new TensorHandle(handle);
        if (joinScope) DisposeScope.Current?.Register(this);
    }

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal DisposeScope? Scope { get; set; }

    internal IntPtr Handle => !_handle.IsClosed
        ? _handle.DangerousGetHandle()
        : throw new ObjectDisposedException(nameof(Tensor), "the tensor was disposed (by its DisposeScope?)");

    /// <summary>True once disposed.</summary>
    public bool IsInvalid => _handle.IsClosed;

    /// <summary>Native tensors alive in this process (created and not yet disposed or finalized).</summary>
    public static long LiveCount => TensorHandle.Live;

    // Tensor has no finalizer of its own (its SafeHandle has), so there is nothing to suppress.
#pragma warning disable CA1816
    public void Dispose()
    {
        _handle.Dispose();
        Scope = null;
    }
#pragma warning restore CA1816

    /// <summary>Hands this tensor to the scope outside its current one (or to none).</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        var outer = Scope?.Outer;
        Scope = null;
        outer?.Register(this);
        return this;
    }

    /// <summary>Takes this tensor out of every dispose scope: the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope = null;
        return this;
    }

    private unsafe (ScalarType DType, int Dim, Device Device, bool RequiresGrad) Meta()
    {
        int dtype, ndim, deviceType, deviceIndex, requiresGrad;
        NativeMethods.Check(NativeMethods.nt_tensor_meta(Handle, &dtype, &ndim, &deviceType, &deviceIndex, &requiresGrad));
        return ((ScalarType)dtype, ndim, new Device((DeviceType)deviceType, deviceIndex), requiresGrad != 0);
    }

    /// <summary>The element type.</summary>
    public ScalarType dtype => Meta().DType;

    /// <summary>The device holding the data.</summary>
    public Device device => Meta().Device;

    /// <summary>Number of dimensions.</summary>
    public long Dimensions => Meta().Dim;

    /// <summary>Number of dimensions.</summary>
    public long dim() => Meta().Dim;

    /// <summary>The size of every dimension.</summary>
    public unsafe long[] shape
    {
        get
        {
            var n = (int)Dimensions;
            var sizes = new long[n];
            fixed (long* s = sizes) NativeMethods.Check(NativeMethods.nt_tensor_shape(Handle, s, null, n));
            return sizes;
        }
    }

    /// <summary>Element strides of every dimension.</summary>
    public unsafe long[] stride()
    {
        var n = (int)Dimensions;
        var strides = new long[n];
        fixed (long* s = strides) NativeMethods.Check(NativeMethods.nt_tensor_shape(Handle, null, s, n));
        return strides;
    }

    /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long size(long dim)
    {
        var sizes = shape;
        var d = dim < 0 ? dim + sizes.Length : dim;
        return d >= 0 && d < sizes.Length
            ? sizes[d]
            : throw new ArgumentOutOfRangeException(nameof(dim), dim, $"tensor has {sizes.Length} dimensions");
    }

    /// <summary>Total number of elements.</summary>
    public unsafe long numel()
    {
        long n;
        NativeMethods.Check(NativeMethods.nt_tensor_numel(Handle, &n));
        return n;
    }

    /// <summary>Bytes per element.</summary>
    public int element_size() => dtype.ElementSize();

    /// <summary>True when the elements are laid out in row-major order without gaps.</summary>
    public unsafe bool is_contiguous()
    {
        int contiguous;
        NativeMethods.Check(NativeMethods.nt_tensor_is_contiguous(Handle, &contiguous));
        return contiguous != 0;
    }

    /// <summary>True when both handles refer to the same native tensor.</summary>
    public unsafe bool is_same(Tensor other)
    {
        int same;
        NativeMethods.Check(NativeMethods.nt_tensor_same(Handle, other.Handle, &same));
        return same != 0;
    }

    /// <summary>A second handle to the same tensor (same data, same autograd identity).</summary>
    public Tensor alias()
    {
        NativeMethods.Check(NativeMethods.nt_tensor_alias(Handle, out var alias));
        return new Tensor(alias);
    }

    /// <summary>A raw second handle, owned by the caller (for tensors that must not join a scope).</summary>
    internal IntPtr NewHandle()
    {
        NativeMethods.Check(NativeMethods.nt_tensor_alias(Handle, out var alias));
        return alias;
    }

    /// <summary>
    /// Makes this tensor hold <paramref name="data"/>'s storage, shape and dtype while keeping its
    /// identity (what Module.to uses, so optimizers keep pointing at the same parameters).
    /// </summary>
    public void set_data(Tensor data)
    {
        NativeMethods.Check(NativeMethods.nt_tensor_set_data(Handle, data.Handle));
        GC.KeepAlive(data);
    }
}
