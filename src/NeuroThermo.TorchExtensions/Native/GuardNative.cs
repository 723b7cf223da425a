using System.Runtime.InteropServices;
using TorchSharp;

namespace NeuroThermo.TorchExtensions.Native;

/// <summary>
/// The catching trampolines of native/guard.cpp, and the LibTorchSharp entry points they call. An entry
/// point is looked up by name in the LibTorchSharp that TorchSharp itself loaded, so both sides use one copy.
/// </summary>
internal static unsafe class GuardNative
{
    internal const string Library = "neurothermo_torchext";

    /// <summary>Bytes of libtorch's message the trampolines copy back; the first line is what users see.</summary>
    internal const int MessageCapacity = 4096;

    internal static readonly IntPtr MatMul = Entry("THSTensor_matmul");
    internal static readonly IntPtr CumMax = Entry("THSTensor_cummax");
    internal static readonly IntPtr CumMin = Entry("THSTensor_cummin");
    internal static readonly IntPtr Grad = Entry("THSAutograd_grad");

    [DllImport(Library)]
    internal static extern int nt_guard_binary(IntPtr entry, IntPtr left, IntPtr right, IntPtr* result, byte* message, long capacity);

    [DllImport(Library)]
    internal static extern int nt_guard_pair_along(IntPtr entry, IntPtr input, long dim, IntPtr* first, IntPtr* second, byte* message, long capacity);

    [DllImport(Library)]
    internal static extern int nt_guard_grad(
        IntPtr entry, IntPtr* outputs, long outputCount, IntPtr* inputs, long inputCount, IntPtr* gradOutputs, long gradOutputCount,
        int retainGraph, int createGraph, int allowUnused, IntPtr* results, byte* message, long capacity);

    /// <summary>Throws libtorch's message as the <see cref="ExternalException"/> TorchSharp throws for its own errors.</summary>
    internal static void ThrowIfFailed(int status, byte* message)
    {
        if (status == 0) return;
        string text = Marshal.PtrToStringUTF8((IntPtr)message) ?? "";
        throw new ExternalException(TorchErrors.WithoutBacktrace(text));
    }

    /// <summary>An exported function of the LibTorchSharp that TorchSharp loaded.</summary>
    internal static IntPtr Entry(string name)
    {
        // TorchSharp loads libtorch and LibTorchSharp on first use; this makes sure that has happened.
        torch.InitializeDeviceType(DeviceType.CPU);
        IntPtr library = NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null);
        return NativeLibrary.GetExport(library, name);
    }
}
