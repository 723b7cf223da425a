using System.Runtime.InteropServices;
using TorchSharp;

namespace NeuroThermo.TorchExtensions.Native;

/// <summary>
/// The C functions of native/ising_checkerboard.cpp, and the data pointer of a tensor. They take pointers and
/// sizes only; <see cref="IsingCheckerboardKernel"/> checks the tensors behind them first.
/// </summary>
internal static unsafe class IsingCheckerboardNative
{
    /// <summary>Bytes of a native error message the driver copies back.</summary>
    internal const int MessageCapacity = 512;

    [DllImport(GuardNative.Library)]
    internal static extern int nt_ising_checkerboard_supports(int instructionSet);

    [DllImport(GuardNative.Library)]
    internal static extern void nt_ising_checkerboard_seed(uint* words, long blocks, ulong seed);

    [DllImport(GuardNative.Library)]
    internal static extern int nt_ising_checkerboard_sweeps(
        sbyte* spins, uint* rng, long chains, long half, uint* thresholds, long sweeps, long* bondSums, long* spinSums,
        int threads, long minSitesPerThread, int instructionSet, byte* message, long capacity);

    // LibTorchSharp's THSTensor_data returns at::Tensor::data_ptr(), the first element with the storage offset
    // applied. TorchSharp's own accessors for it (Tensor.bytes, data<T>()) stop at 2^31 bytes, which a batch of
    // large lattices passes.
    private static readonly delegate* unmanaged<IntPtr, IntPtr> TensorData =
        (delegate* unmanaged<IntPtr, IntPtr>)GuardNative.Entry("THSTensor_data");

    /// <summary>
    /// The address of the first element of <paramref name="tensor"/>, which the caller has checked to be a
    /// non-empty contiguous CPU tensor; valid while the tensor is alive and not resized.
    /// </summary>
    internal static IntPtr DataPointer(torch.Tensor tensor)
    {
        IntPtr data = TensorData(tensor.Handle);
        GC.KeepAlive(tensor);
        if (data == IntPtr.Zero) throw new InvalidOperationException("libtorch returned no data pointer for a checked CPU tensor.");
        return data;
    }

    /// <summary>Whether this processor can run the row update compiled for <paramref name="set"/>.</summary>
    internal static bool Supports(CheckerboardInstructionSet set) => nt_ising_checkerboard_supports((int)set) != 0;
}
