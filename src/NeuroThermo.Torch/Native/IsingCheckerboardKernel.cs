using System.Runtime.InteropServices;

namespace NeuroThermo.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial int nt_ising_checkerboard_seed(IntPtr rng, ulong seed);
    [LibraryImport(Library)]
    internal static partial int nt_ising_checkerboard_sweeps(IntPtr spins, IntPtr rng, uint* thresholds, long sweeps,
        long* bondSums, long* spinSums);
}

/// <summary>
/// The C++ checkerboard Metropolis kernel of the shim (src/NeuroThermo.Native/src/ising_checkerboard.cpp),
/// for the sampler in NeuroThermo.Sampling.Native. It lives here because only this assembly may call
/// into the shim; the sampler owns the layout, the thresholds and the validation users see.
/// </summary>
public static class IsingCheckerboardKernel
{
    /// <summary>Lanes of one row's xoshiro128+ generator (the vector width the kernel is written for).</summary>
    public const int Lanes = 16;

    /// <summary>State words of one xoshiro128+ lane.</summary>
    public const int Words = 4;

    /// <summary>Fills a (chains, L, 4, 16) int32 generator state from <paramref name="seed"/> (splitmix64).</summary>
    public static void Seed(Tensor rng, ulong seed)
    {
        NativeMethods.Check(NativeMethods.nt_ising_checkerboard_seed(rng.Handle, seed));
        GC.KeepAlive(rng);
    }

    /// <summary>
    /// Runs <paramref name="sweeps"/> sweeps in place on <paramref name="spins"/> (chains, 4, L/2, L/2) int8
    /// and <paramref name="rng"/>. <paramref name="thresholds"/> holds 10 acceptance limits on 31-bit random
    /// numbers, spin −1 then +1, neighbour sums −4…4. The two sums, when not empty, receive per sweep and chain
    /// the sum over bonds of s_i s_j and the sum of the spins.
    /// </summary>
    public static unsafe void Sweeps(Tensor spins, Tensor rng, ReadOnlySpan<uint> thresholds, long sweeps,
        Span<long> bondSums, Span<long> spinSums)
    {
        if (thresholds.Length != 10) throw new ArgumentException($"expected 10 thresholds, got {thresholds.Length}", nameof(thresholds));
        long chains = spins.shape.Length > 0 ? spins.shape[0] : 0;
        if (!bondSums.IsEmpty && bondSums.Length < sweeps * chains)
            throw new ArgumentException($"bond sums need room for {sweeps * chains} values", nameof(bondSums));
        if (!spinSums.IsEmpty && spinSums.Length < sweeps * chains)
            throw new ArgumentException($"spin sums need room for {sweeps * chains} values", nameof(spinSums));
        fixed (uint* t = thresholds)
        fixed (long* b = bondSums)
        fixed (long* m = spinSums)
        {
            NativeMethods.Check(NativeMethods.nt_ising_checkerboard_sweeps(spins.Handle, rng.Handle, t, sweeps,
                bondSums.IsEmpty ? null : b, spinSums.IsEmpty ? null : m));
        }
        GC.KeepAlive(spins);
        GC.KeepAlive(rng);
    }
}
