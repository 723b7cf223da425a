using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions;

/// <summary>
/// Moving elements between tensors and .NET memory, on any device: a tensor on a GPU, or a strided view,
/// is copied to contiguous CPU memory first. The element type must match the tensor's dtype exactly
/// (no silent conversion); <see cref="AsSpan"/> alone views memory in place and so needs a contiguous CPU tensor.
/// </summary>
public static class TensorData
{
    /// <summary>The elements, in row-major order, as a new array.</summary>
    public static T[] ToArray<T>(this Tensor tensor) where T : unmanaged
    {
        var result = new T[checked((int)tensor.numel())];
        tensor.CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements, in row-major order, into <paramref name="destination"/> (at least numel() long).</summary>
    public static void CopyTo<T>(this Tensor tensor, Span<T> destination) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireElementType<T>(tensor.dtype);
        if (destination.Length < tensor.numel())
            throw new ArgumentException($"{destination.Length} places for a tensor of {tensor.numel()} elements", nameof(destination));
        if (tensor.numel() == 0) return;
        using var scope = NewDisposeScope();
        Tensor source = tensor.device_type == DeviceType.CPU ? tensor.contiguous() : tensor.cpu().contiguous();
        MemoryMarshal.Cast<byte, T>(source.bytes).CopyTo(destination);
    }

    /// <summary>Copies <paramref name="source"/> (row-major, exactly numel() values) into the tensor, on its device.</summary>
    public static void CopyFrom<T>(this Tensor tensor, ReadOnlySpan<T> source) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireElementType<T>(tensor.dtype);
        if (source.Length != tensor.numel())
            throw new ArgumentException($"{source.Length} values for a tensor of {tensor.numel()} elements", nameof(source));
        if (source.Length == 0) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor staged = empty(tensor.shape, tensor.dtype);
        MemoryMarshal.AsBytes(source).CopyTo(staged.bytes);
        tensor.copy_(staged);
    }

    /// <summary>
    /// A span over the elements of a contiguous CPU tensor, without copying: valid only while the tensor is alive
    /// and not resized.
    /// </summary>
    public static Span<T> AsSpan<T>(this Tensor tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        RequireElementType<T>(tensor.dtype);
        if (tensor.device_type != DeviceType.CPU) throw new InvalidOperationException("only CPU tensors can be viewed as spans");
        if (!tensor.is_contiguous()) throw new InvalidOperationException("only contiguous tensors can be viewed as spans; call contiguous() first");
        return tensor.numel() == 0 ? Span<T>.Empty : MemoryMarshal.Cast<byte, T>(tensor.bytes);
    }

    /// <summary>
    /// The value of a one-element tensor of any dtype, on any device, converted to <typeparamref name="T"/>.
    /// TorchSharp's <c>item&lt;T&gt;()</c> demands that T match the dtype exactly and that the tensor be on the CPU;
    /// its <c>ToDouble()</c> family converts but leaves a native Scalar to the finalizer. This disposes it.
    /// </summary>
    public static T ItemAs<T>(this Tensor tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.numel() != 1) throw new ArgumentException($"item needs a one-element tensor, not one of {tensor.numel()} elements", nameof(tensor));
        using Scalar value = tensor.ToScalar();
        object converted = typeof(T) switch
        {
            var t when t == typeof(double) => value.ToDouble(),
            var t when t == typeof(float) => value.ToSingle(),
            var t when t == typeof(long) => value.ToInt64(),
            var t when t == typeof(int) => value.ToInt32(),
            var t when t == typeof(bool) => value.ToBoolean(),
            var t when t == typeof(short) => value.ToInt16(),
            var t when t == typeof(byte) => value.ToByte(),
            var t when t == typeof(sbyte) => value.ToSByte(),
            var t when t == typeof(Half) => value.ToHalf(),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a tensor element type"),
        };
        return (T)converted;
    }

    /// <summary>True for float16, bfloat16, float32 and float64.</summary>
    public static bool IsFloatingPoint(this ScalarType dtype) => is_floating_point(dtype);

    private static void RequireElementType<T>(ScalarType dtype) where T : unmanaged
    {
        ScalarType expected = typeof(T) switch
        {
            var t when t == typeof(double) => ScalarType.Float64,
            var t when t == typeof(float) => ScalarType.Float32,
            var t when t == typeof(Half) => ScalarType.Float16,
            var t when t == typeof(long) => ScalarType.Int64,
            var t when t == typeof(int) => ScalarType.Int32,
            var t when t == typeof(short) => ScalarType.Int16,
            var t when t == typeof(sbyte) => ScalarType.Int8,
            var t when t == typeof(byte) => ScalarType.Byte,
            var t when t == typeof(bool) => ScalarType.Bool,
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a tensor element type"),
        };
        if (dtype != expected)
            throw new InvalidOperationException($"the tensor holds {dtype}, not {typeof(T).Name}; convert it with .to({expected}) first");
    }
}
