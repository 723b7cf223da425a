using System.Runtime.InteropServices;

namespace NeuroThermo.Torch.Native;

/// <summary>Owns one native at::Tensor; the finalizer is the safety net behind Dispose.</summary>
internal sealed class TensorHandle : SafeHandle
{
    private static long s_live;

    internal TensorHandle(IntPtr tensor) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(tensor);
        Interlocked.Increment(ref s_live);
    }

    /// <summary>Native tensors created and not yet released, across all threads.</summary>
    internal static long Live => Interlocked.Read(ref s_live);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.nt_tensor_free(handle);
        Interlocked.Decrement(ref s_live);
        return true;
    }
}
