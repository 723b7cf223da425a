using System.Runtime.InteropServices;

namespace NeuroThermo.TorchExtensions;

/// <summary>
/// glibc's allocator hands freed blocks above its mmap threshold back to the kernel and faults them in again on the
/// next allocation, so a training loop that frees and reallocates the same few megabytes every step spends its time
/// in page faults (measured with the old binding: an RBM epoch 3.0 → 8.2 s; in the three-way benchmark PyTorch's MLP
/// step 8.7 → 6.0 ms with these settings). Raising the mmap and trim thresholds keeps freed memory in the heap, at the
/// cost of holding on to the peak working set. A program opts in once, at start-up; a library never does it for its
/// host. The neurothermo command and the benchmark harness do.
/// </summary>
public static partial class MallocTuning
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>Blocks up to this size come from the heap, not from their own mmap (glibc's default is 128 KiB, adapting up to 32 MiB).</summary>
    public const int MmapThreshold = 32 * 1024 * 1024;

    /// <summary>Free memory the heap keeps at its top before returning it (glibc's default is 128 KiB).</summary>
    public const int TrimThreshold = 1024 * 1024 * 1024;

    /// <summary>Sets the thresholds on Linux with glibc; returns whether both were accepted (false elsewhere).</summary>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(M_MMAP_THRESHOLD, MmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, TrimThreshold) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;   // a libc without mallopt (musl)
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
