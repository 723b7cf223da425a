using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Native;

/// <summary>
/// The C++ checkerboard Metropolis kernel (native/ising_checkerboard.cpp) on TorchSharp tensors, for the
/// periodic L×L Ising sampler: in place on spins (chains, 4, L/2, L/2) int8 ±1 in the sublattice layout the
/// native file describes, and a generator state (chains, L, 4, 16) int32 holding one 16-lane xoshiro128+ per
/// lattice row. The caller owns the physics (the acceptance limits); this class checks every tensor and passes
/// its memory to the kernel, which knows no tensor. It gives the same spins, bit for bit, as the old binding's
/// kernel for the same state and limits, on any number of threads.
/// </summary>
public static unsafe class IsingCheckerboardKernel
{
    /// <summary>Lanes of one row's xoshiro128+ generator (the vector width the kernel is written for).</summary>
    public const int Lanes = 16;

    /// <summary>State words of one xoshiro128+ lane.</summary>
    public const int Words = 4;

    /// <summary>Acceptance limits: spin −1 then +1, each for neighbour sums −4, −2, 0, 2, 4.</summary>
    private const int ThresholdCount = 10;

    // At fewer sites than this per thread, starting a thread costs more than it saves: the old binding's grain
    // (at::parallel_for over rows, 16384 / (L/2) rows per task), kept so that both split the work alike.
    internal const long DefaultMinSitesPerThread = 16384;

    /// <summary>The widest instruction set this processor can run the row update with.</summary>
    internal static CheckerboardInstructionSet InstructionSet { get; } =
        IsingCheckerboardNative.Supports(CheckerboardInstructionSet.Avx512) ? CheckerboardInstructionSet.Avx512
        : IsingCheckerboardNative.Supports(CheckerboardInstructionSet.Avx2) ? CheckerboardInstructionSet.Avx2
        : CheckerboardInstructionSet.Baseline;

    /// <summary>
    /// Fills a (chains, L, 4, 16) int32 generator state from <paramref name="seed"/>: one splitmix64 stream
    /// over the rows of all chains in memory order, so every lane of every row gets its own state.
    /// </summary>
    public static void Seed(Tensor rng, ulong seed)
    {
        CheckTensor(rng, nameof(rng), ScalarType.Int32);
        var shape = rng.shape;
        if (shape.Length != 4 || shape[0] < 1 || shape[1] < 1 || shape[2] != Words || shape[3] != Lanes)
            throw new ArgumentException($"rng must have shape (chains, L, {Words}, {Lanes}), got {Describe(shape)}.", nameof(rng));
        IsingCheckerboardNative.nt_ising_checkerboard_seed(
            (uint*)IsingCheckerboardNative.DataPointer(rng), shape[0] * shape[1], seed);
        GC.KeepAlive(rng);
    }

    /// <summary>
    /// Runs <paramref name="sweeps"/> sweeps in place on <paramref name="spins"/> (chains, 4, L/2, L/2) int8
    /// and <paramref name="rng"/> (chains, L, 4, 16) int32, on <c>torch.get_num_threads()</c> threads.
    /// <paramref name="thresholds"/> holds 10 acceptance limits on 31-bit random numbers, spin −1 then +1,
    /// neighbour sums −4…4: a flip is accepted when the random number is below its limit. The two sums, when
    /// not empty, receive per sweep and chain (sweep-major) the sum over bonds of s_i s_j and the sum of the spins.
    /// </summary>
    public static void Sweeps(Tensor spins, Tensor rng, ReadOnlySpan<uint> thresholds, long sweeps,
        Span<long> bondSums, Span<long> spinSums) =>
        Sweeps(spins, rng, thresholds, sweeps, bondSums, spinSums, torch.get_num_threads(), DefaultMinSitesPerThread, InstructionSet);

    /// <summary>
    /// <see cref="Sweeps(Tensor, Tensor, ReadOnlySpan{uint}, long, Span{long}, Span{long})"/> with the thread
    /// count, the smallest share of sites worth a thread and the instruction set chosen by the caller (tests and
    /// benchmarks).
    /// </summary>
    internal static void Sweeps(Tensor spins, Tensor rng, ReadOnlySpan<uint> thresholds, long sweeps,
        Span<long> bondSums, Span<long> spinSums, int threads, long minSitesPerThread, CheckerboardInstructionSet instructionSet)
    {
        CheckTensor(spins, nameof(spins), ScalarType.Int8);
        CheckTensor(rng, nameof(rng), ScalarType.Int32);
        var s = spins.shape;
        if (s.Length != 4 || s[0] < 1 || s[1] != 4 || s[2] < 1 || s[3] != s[2])
            throw new ArgumentException($"spins must have shape (chains, 4, L/2, L/2) with at least one chain and L ≥ 2, got {Describe(s)}.", nameof(spins));
        long chains = s[0], half = s[2];
        long[] expected = [chains, 2 * half, Words, Lanes];
        if (!rng.shape.SequenceEqual(expected))
            throw new ArgumentException($"rng must have shape {Describe(expected)} for spins of shape {Describe(s)}, got {Describe(rng.shape)}.", nameof(rng));
        if (thresholds.Length != ThresholdCount)
            throw new ArgumentException($"thresholds must hold {ThresholdCount} limits (spin −1 then +1, neighbour sums −4…4), got {thresholds.Length}.", nameof(thresholds));
        if (sweeps < 0)
            throw new ArgumentOutOfRangeException(nameof(sweeps), sweeps, "The number of sweeps must be non-negative.");
        CheckSums(bondSums, nameof(bondSums), sweeps, chains);
        CheckSums(spinSums, nameof(spinSums), sweeps, chains);
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "The number of threads must be at least 1.");
        if (minSitesPerThread < 1)
            throw new ArgumentOutOfRangeException(nameof(minSitesPerThread), minSitesPerThread, "The smallest share of sites per thread must be at least 1.");
        if (!IsingCheckerboardNative.Supports(instructionSet))
            throw new ArgumentException($"This processor cannot run the {instructionSet} row update.", nameof(instructionSet));

        var spinData = (sbyte*)IsingCheckerboardNative.DataPointer(spins);
        var rngData = (uint*)IsingCheckerboardNative.DataPointer(rng);

        byte* message = stackalloc byte[IsingCheckerboardNative.MessageCapacity];
        int status;
        fixed (uint* t = thresholds)
        fixed (long* b = bondSums)
        fixed (long* m = spinSums)
        {
            status = IsingCheckerboardNative.nt_ising_checkerboard_sweeps(
                spinData, rngData, chains, half, t, sweeps, bondSums.IsEmpty ? null : b, spinSums.IsEmpty ? null : m,
                threads, minSitesPerThread, (int)instructionSet, message, IsingCheckerboardNative.MessageCapacity);
        }
        GC.KeepAlive(spins);
        GC.KeepAlive(rng);
        if (status != 0)
            throw new InvalidOperationException($"The native checkerboard kernel failed: {Marshal.PtrToStringUTF8((IntPtr)message)}.");
    }

    // Device, layout, type and contiguity, each its own sentence, in the order a user would fix them.
    private static void CheckTensor(Tensor tensor, string name, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.device_type != DeviceType.CPU)
            throw new ArgumentException($"{name} must be a CPU tensor, got one on {tensor.device_type}.", name);
        if (tensor.is_sparse)
            throw new ArgumentException($"{name} must be a dense tensor, got a sparse one.", name);
        if (tensor.dtype != dtype)
            throw new ArgumentException($"{name} must be of type {Describe(dtype)}, got {Describe(tensor.dtype)}.", name);
        if (!tensor.is_contiguous())
            throw new ArgumentException($"{name} must be contiguous (call .contiguous() first, and copy the result back after the sweeps).", name);
    }

    private static void CheckSums(Span<long> sums, string name, long sweeps, long chains)
    {
        // sweeps > Length / chains, not sweeps * chains > Length: the product can overflow.
        if (!sums.IsEmpty && sweeps > sums.Length / chains)
            throw new ArgumentException($"{name} must be empty or hold sweeps × chains = {sweeps} × {chains} values, got {sums.Length}.", name);
    }

    private static string Describe(long[] shape) => $"({string.Join(", ", shape)})";

    // PyTorch's names: TorchSharp calls uint8 Byte.
    private static string Describe(ScalarType dtype) => dtype == ScalarType.Byte ? "uint8" : dtype.ToString().ToLowerInvariant();
}
