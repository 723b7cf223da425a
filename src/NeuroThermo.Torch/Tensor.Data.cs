using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

// Moving data between tensors and .NET memory.
public partial class Tensor
{
    /// <summary>The value of a one-element tensor, converted to <typeparamref name="T"/>.</summary>
    public T item<T>() where T : unmanaged
    {
        var value = Aten.item.CallScalar(this);
        object boxed = value.Tag switch
        {
            NtTag.Double => value.D,
            NtTag.Bool => value.I != 0,
            _ => value.I,
        };
        if (typeof(T) == typeof(bool)) return (T)(object)Convert.ToBoolean(boxed, System.Globalization.CultureInfo.InvariantCulture);
        if (typeof(T) == typeof(Half)) return (T)(object)(Half)Convert.ToDouble(boxed, System.Globalization.CultureInfo.InvariantCulture);
        return (T)Convert.ChangeType(boxed, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A span over the elements of a contiguous CPU tensor, without copying. The span is valid
    /// only while this tensor is alive and not resized.
    /// </summary>
    public unsafe Span<T> AsSpan<T>() where T : unmanaged
    {
        var meta = Meta();
        ElementType.Require<T>(meta.DType);
        if (meta.Device.Type != DeviceType.CPU) throw new InvalidOperationException("only CPU tensors can be viewed as spans");
        if (!is_contiguous()) throw new InvalidOperationException("only contiguous tensors can be viewed as spans; call contiguous() first");
        void* data;
        NativeMethods.Check(NativeMethods.nt_tensor_data_ptr(Handle, &data));
        return new Span<T>(data, checked((int)numel()));
    }

    /// <summary>Copies the elements, in row-major order, into <paramref name="destination"/>.</summary>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        using var scope = torch.NewDisposeScope();
        var source = device.Type == DeviceType.CPU ? contiguous() : cpu().contiguous();
        source.AsSpan<T>().CopyTo(destination);
    }

    /// <summary>A copy of the elements, in row-major order.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies <paramref name="source"/> (row-major) into this tensor.</summary>
    public void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        if (source.Length != numel())
            throw new ArgumentException($"{source.Length} values for a tensor of {numel()} elements", nameof(source));
        using var scope = torch.NewDisposeScope();
        using var staged = torch.tensor(source, shape);
        copy_(staged);
    }
}

public static partial class torch
{
    /// <summary>A new tensor holding a copy of <paramref name="data"/>, shaped as given (1-D by default).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, ScalarType? dtype = null,
        Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        shape ??= [data.Length];
        long count = 1;
        foreach (var s in shape)
        {
            if (s < 0) throw new ArgumentOutOfRangeException(nameof(shape), s, "sizes must be non-negative");
            count *= s;
        }
        if (count != data.Length)
            throw new ArgumentException($"{data.Length} values do not fill the shape [{string.Join(", ", shape)}]", nameof(data));
        IntPtr handle;
        fixed (T* d = data)
        fixed (long* s = shape)
        {
            NativeMethods.Check(NativeMethods.nt_tensor_from_data(d, (long)data.Length * sizeof(T), (int)ElementType.Of<T>(), s,
                shape.Length, out handle));
        }
        var result = new Tensor(handle);
        if (dtype is { } t && t != ElementType.Of<T>() || device is { Type: not DeviceType.CPU })
        {
            using var staged = result;
            result = staged.to(device ?? new Device(DeviceType.CPU), dtype ?? ElementType.Of<T>(), copy: true);
        }
        if (requires_grad) result.requires_grad = true;
        return result;
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, ScalarType? dtype = null, Device? device = null,
        bool requires_grad = false) where T : unmanaged =>
        tensor<T>(data.AsSpan(), shape, dtype, device, requires_grad);

    public static Tensor tensor<T>(T[,] data, ScalarType? dtype = null, bool requires_grad = false) where T : unmanaged =>
        tensor<T>(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref data[0, 0], data.Length),
            [data.GetLength(0), data.GetLength(1)], dtype, null, requires_grad);

    /// <summary>A 0-dimensional tensor holding one value.</summary>
    public static Tensor tensor(double value, ScalarType dtype = ScalarType.Float64, bool requires_grad = false) =>
        tensor<double>([value], [], dtype, null, requires_grad);
}
