using System.Runtime.InteropServices;

namespace NeuroThermo.TorchExtensions.Native;

/// <summary>The entry points of native/distributed.cpp (Gloo collectives on raw tensor memory).</summary>
internal static unsafe partial class DistributedNative
{
    /// <summary>Bytes of Gloo's message the entry points copy back.</summary>
    internal const int MessageCapacity = 4096;

    internal const int Ok = 0;

    /// <summary>The entry point failed; its message says why.</summary>
    internal const int Failed = 1;

    /// <summary>A store callback failed; the exception it caught is the one to throw.</summary>
    internal const int StoreFailed = 2;

    /// <summary>The element types an allreduce can sum, numbered as distributed.cpp's ElementKind.</summary>
    internal enum ElementKind
    {
        Float32 = 0,
        Float64 = 1,
        Int8 = 2,
        UInt8 = 3,
        Int16 = 4,
        Int32 = 5,
        Int64 = 6,
    }

    /// <summary>distributed.cpp's StoreCallbacks: the C# rendezvous store as Gloo's connectFullMesh calls it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StoreCallbacks
    {
        public IntPtr State;
        public delegate* unmanaged<IntPtr, byte*, byte*, long, int> Set;
        public delegate* unmanaged<IntPtr, byte*, byte*, long, long*, int> Get;
        public delegate* unmanaged<IntPtr, byte**, long, long, int> Wait;
    }

    [LibraryImport(GuardNative.Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_dist_connect(
        StoreCallbacks* callbacks, int rank, int size, long timeoutMs, string interfaceName, string hostname, IntPtr* group,
        byte* message, long capacity);

    [LibraryImport(GuardNative.Library)]
    internal static partial void nt_dist_free(IntPtr group);

    [LibraryImport(GuardNative.Library)]
    internal static partial int nt_dist_allreduce_sum(IntPtr group, IntPtr data, long count, int kind, byte* message, long capacity);

    [LibraryImport(GuardNative.Library)]
    internal static partial int nt_dist_broadcast(IntPtr group, IntPtr data, long bytes, int root, byte* message, long capacity);

    [LibraryImport(GuardNative.Library)]
    internal static partial int nt_dist_allgather(IntPtr group, IntPtr input, IntPtr output, long bytes, byte* message, long capacity);

    [LibraryImport(GuardNative.Library)]
    internal static partial int nt_dist_barrier(IntPtr group, byte* message, long capacity);

    /// <summary>The message an entry point left in <paramref name="message"/>.</summary>
    internal static string Message(byte* message) => Marshal.PtrToStringUTF8((IntPtr)message)?.Trim() ?? "";
}
