namespace NeuroThermo.TorchExtensions.Native;

/// <summary>
/// The instruction sets the checkerboard row update is compiled for (native/ising_checkerboard_row_*.cpp); the
/// values are those of the C ABI. All three give the same spins; they differ in speed only.
/// </summary>
internal enum CheckerboardInstructionSet
{
    /// <summary>Whatever the compiler targets by default (SSE2 on x86-64); runs on every processor.</summary>
    Baseline = 0,

    /// <summary>AVX2: x86-64 processors since Haswell (2013) and Zen 1 (2017).</summary>
    Avx2 = 1,

    /// <summary>AVX-512 F, BW and VL: Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4 and later.</summary>
    Avx512 = 2,
}
