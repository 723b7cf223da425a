using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>The memory of a tensor as Gloo sees it: one contiguous block of CPU bytes.</summary>
internal static unsafe class TensorMemory
{
    /// <summary>Throws unless <paramref name="tensor"/> is a contiguous CPU tensor, naming <paramref name="operation"/>.</summary>
    public static void Require(Tensor tensor, string operation, string parameter)
    {
        ArgumentNullException.ThrowIfNull(tensor, parameter);
        if (tensor.device_type != DeviceType.CPU)
            throw new ArgumentException($"{operation} needs a CPU tensor; this one is on {tensor.device}.", parameter);
        if (!tensor.is_contiguous())
            throw new ArgumentException($"{operation} needs a contiguous tensor; this one is not (call .contiguous() first).", parameter);
    }

    /// <summary>The size of <paramref name="tensor"/>'s data in bytes.</summary>
    public static long Bytes(Tensor tensor) => tensor.numel() * tensor.element_size();

    /// <summary>
    /// The address of the first element of <paramref name="tensor"/> (contiguous, on the CPU, not empty). The caller
    /// keeps the tensor alive while the address is in use.
    /// </summary>
    /// <remarks>
    /// TorchSharp's public way to a tensor's memory is <see cref="Tensor.bytes"/>, a span limited to 2^31 bytes; the
    /// span of a one-element view starts at the same address for a tensor of any size.
    /// </remarks>
    public static IntPtr Address(Tensor tensor)
    {
        using var noGrad = no_grad();
        using var flat = tensor.view(-1);          // (...) -> (numel)
        using var first = flat.narrow(0, 0, 1);    // (numel) -> (1): the first element, in the tensor's own memory
        fixed (byte* start = first.bytes)
            return (IntPtr)start;
    }
}
