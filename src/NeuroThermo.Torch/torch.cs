using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

/// <summary>
/// The entry point, shaped like TorchSharp's <c>torch</c>: tensor creation, the functions that
/// are not methods, dtypes and devices, seeds, threads and dispose scopes.
/// </summary>
public static partial class torch
{
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType int16 = ScalarType.Int16;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType @bool = ScalarType.Bool;

    public static readonly Device CPU = new(DeviceType.CPU);
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static Device device(string name) => Device.Parse(name);

    /// <summary>Opens a scope that disposes every tensor created on this thread until it is disposed.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Seeds libtorch's global generator.</summary>
    public static void manual_seed(ulong seed) => NativeMethods.Check(NativeMethods.nt_manual_seed(seed));

    /// <summary>Intra-op threads libtorch uses (default: all cores, or OMP_NUM_THREADS).</summary>
    public static void set_num_threads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "need at least one thread");
        NativeMethods.Check(NativeMethods.nt_set_num_threads(threads));
    }

    public static unsafe int get_num_threads()
    {
        int n;
        NativeMethods.Check(NativeMethods.nt_get_num_threads(&n));
        return n;
    }

    /// <summary>
    /// The kernel set of the OpenBLAS that libtorch's products run on ("Haswell", "Cooperlake", …), or "" when its BLAS
    /// is another library: OpenBLAS's own pick for the CPU, or the one OPENBLAS_CORETYPE names. The benchmarks record
    /// it, since the same product runs about twice as fast on the AVX-512 kernels as on the AVX2 ones.
    /// </summary>
    public static unsafe string BlasCore
    {
        get
        {
            var buffer = stackalloc byte[64];
            NativeMethods.Check(NativeMethods.nt_blas_core(buffer, 64));
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)buffer) ?? "";
        }
    }

    /// <summary>
    /// Caps the intra-op threads at <paramref name="threads"/> until the result is disposed, which restores the
    /// previous count: for stretches of work made of operations too small to share among threads.
    /// </summary>
    public static ThreadLimit LimitThreads(int threads) => new(threads);

    /// <summary>A cap on the intra-op threads; see <see cref="LimitThreads"/>.</summary>
    public sealed class ThreadLimit : IDisposable
    {
        private readonly int _previous;
        private bool _disposed;

        internal ThreadLimit(int threads)
        {
            if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "need at least one thread");
            _previous = get_num_threads();
            if (threads < _previous) set_num_threads(threads);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (get_num_threads() != _previous) set_num_threads(_previous);
        }
    }

    /// <summary>Native tensors alive in this process; tests use it to prove nothing leaks.</summary>
    public static long LiveTensorCount => Tensor.LiveCount;

    /// <summary>torch.cuda: whether the linked libtorch has CUDA and sees a device.</summary>
    public static class cuda
    {
        public static unsafe bool is_available()
        {
            int available;
            NativeMethods.Check(NativeMethods.nt_cuda_is_available(&available));
            return available != 0;
        }

        public static unsafe int device_count()
        {
            int count;
            NativeMethods.Check(NativeMethods.nt_cuda_device_count(&count));
            return count;
        }
    }
}
