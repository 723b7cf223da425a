namespace NeuroThermo.Renormalization;

/// <summary>
/// The Migdal–Kadanoff bond-moving recursion for the Ising model with b = 2 in d = 2, a second approximation to set
/// beside the truncated decimation.
/// </summary>
/// <remarks>
/// Of each 2×2 cell, the bonds in one direction that touch the spins to be removed are moved onto the kept rows:
/// every b = 2 rows one row keeps, and it carries b^{d−1} = 2 times the coupling, 2K, while the moved-from rows are
/// left as free chains. Along the strengthened rows the removed spins now have two neighbours only, so the 1D
/// decimation of <see cref="IsingChainDecimation"/> applies with 2K: K' = ½ ln cosh(2·2K) = ½ ln cosh 4K. The same
/// is then done in the other direction. Bond moving is the approximation (it ignores the fluctuations it
/// rearranges); it is exact in d = 1, where there is nothing to move.
/// <para>Decimating first and moving afterwards gives K' = 2 · ½ ln cosh 2K = ln cosh 2K instead. The two maps are
/// conjugate under K → 2K (ln cosh 4K = 2 · ½ ln cosh 4K), so they share the eigenvalue and ν, while K* doubles: the
/// order fixes which K is "the" nearest-neighbour coupling, and the two estimates bracket Onsager's K_c.</para>
/// </remarks>
public static class MigdalKadanoff
{
    /// <summary>Move bonds, then decimate: K' = ½ ln cosh 4K, b = 2.</summary>
    public static RgMap MoveThenDecimate { get; } = new("Migdal–Kadanoff K' = ½ ln cosh 4K", ["K"], 2, k => LogCosh.Of(k * 4) * 0.5);

    /// <summary>Decimate, then move bonds: K' = ln cosh 2K, b = 2.</summary>
    public static RgMap DecimateThenMove { get; } = new("Migdal–Kadanoff K' = ln cosh 2K", ["K"], 2, k => LogCosh.Of(k * 2));
}
