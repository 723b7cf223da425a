using System.Runtime.InteropServices;

namespace NeuroThermo.Torch.Native;

/// <summary>The distributed entry points of the shim (src/NeuroThermo.Native/src/distributed.cpp).</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_store_new(string host, int port, int isMaster, long timeoutMs, out IntPtr store);
    [LibraryImport(Library)] internal static partial int nt_store_port(IntPtr store, int* port);
    [LibraryImport(Library)] internal static partial void nt_store_free(IntPtr store);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_store_set(IntPtr store, string key, byte* value, long length);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_store_get(IntPtr store, string key, byte* buffer, long capacity, long* length);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_store_add(IntPtr store, string key, long delta, long* value);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_store_check(IntPtr store, string key, int* present);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int nt_pg_new(IntPtr store, int rank, int size, long timeoutMs, string interfaceName, string hostname,
        out IntPtr group);
    [LibraryImport(Library)] internal static partial void nt_pg_free(IntPtr group);
    [LibraryImport(Library)] internal static partial int nt_pg_allreduce(IntPtr group, IntPtr tensor, int average);
    [LibraryImport(Library)] internal static partial int nt_pg_broadcast(IntPtr group, IntPtr tensor, int root);
    [LibraryImport(Library)] internal static partial int nt_pg_barrier(IntPtr group);
    [LibraryImport(Library)] internal static partial int nt_pg_all_gather(IntPtr group, IntPtr input, IntPtr* outputs);

    /// <summary>The message of the last failed call on this thread.</summary>
    internal static string LastError() => Marshal.PtrToStringUTF8(nt_last_error()) ?? "unknown libtorch error";
}
