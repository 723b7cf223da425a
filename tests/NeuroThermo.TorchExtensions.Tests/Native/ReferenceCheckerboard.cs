namespace NeuroThermo.TorchExtensions.Tests.Native;

/// <summary>
/// Checkerboard Metropolis written out plainly on a (chains, L, L) lattice of ±1, as the independent reference for
/// <see cref="NeuroThermo.TorchExtensions.Native.IsingCheckerboardKernel"/>: one site at a time, neighbours read
/// with periodic indices, one scalar xoshiro128+ per lane. It shares with the kernel only what defines the
/// algorithm: which random number a site uses (row r's generator, lane k mod 16 at step k div 16 for the k-th site
/// of a colour on that row), the test r >> 1 &lt; limit[spin][neighbour sum], and the order colour 0 then 1.
/// </summary>
internal static class ReferenceCheckerboard
{
    internal const int Lanes = 16;
    internal const int Words = 4;

    /// <summary>The quarter layout (chains, 4, L/2, L/2) as a lattice (chains, L, L), row-major.</summary>
    internal static sbyte[] ToLattice(sbyte[] quarters, int chains, int size)
    {
        int half = size / 2;
        var lattice = new sbyte[quarters.Length];
        for (int c = 0; c < chains; c++)
            for (int q = 0; q < 4; q++)
                for (int i = 0; i < half; i++)
                    for (int k = 0; k < half; k++)
                    {
                        // Quarter q holds colour q / 2 on rows of parity q % 2: site (2i + q%2, 2k + (q%2 ^ q/2)).
                        int row = 2 * i + q % 2, column = 2 * k + (q % 2 ^ q / 2);
                        lattice[(c * size + row) * size + column] = quarters[((c * 4 + q) * half + i) * half + k];
                    }
        return lattice;
    }

    /// <summary>The lattice (chains, L, L) in the quarter layout (chains, 4, L/2, L/2).</summary>
    internal static sbyte[] ToQuarters(sbyte[] lattice, int chains, int size)
    {
        int half = size / 2;
        var quarters = new sbyte[lattice.Length];
        for (int c = 0; c < chains; c++)
            for (int row = 0; row < size; row++)
                for (int column = 0; column < size; column++)
                {
                    int parity = row % 2, colour = (row + column) % 2;
                    quarters[((c * 4 + 2 * colour + parity) * half + row / 2) * half + column / 2] = lattice[(c * size + row) * size + column];
                }
        return quarters;
    }

    /// <summary>
    /// One sweep of every chain, in place on <paramref name="lattice"/> and <paramref name="rng"/> (chains, L, 4, 16);
    /// returns per chain Σ_⟨ij⟩ s_i s_j and Σ_i s_i of the configuration after the sweep.
    /// </summary>
    internal static (long[] Bonds, long[] Spins) Sweep(sbyte[] lattice, uint[] rng, int chains, int size, uint[] thresholds)
    {
        int half = size / 2, blocks = (half + Lanes - 1) / Lanes;
        var random = new uint[Lanes];
        for (int colour = 0; colour < 2; colour++)
        {
            for (int c = 0; c < chains; c++)
            {
                for (int row = 0; row < size; row++)
                {
                    int generator = (c * size + row) * Words * Lanes;
                    for (int block = 0; block < blocks; block++)
                    {
                        for (int lane = 0; lane < Lanes; lane++) random[lane] = Next(rng, generator, lane);
                        for (int lane = 0; lane < Lanes; lane++)
                        {
                            int k = block * Lanes + lane;
                            if (k >= half) continue;
                            // The k-th site of this colour on this row.
                            int column = 2 * k + (row % 2 ^ colour);
                            int site = (c * size + row) * size + column;
                            int spin = lattice[site];
                            int neighbours = At(lattice, c, size, row - 1, column) + At(lattice, c, size, row + 1, column)
                                + At(lattice, c, size, row, column - 1) + At(lattice, c, size, row, column + 1);
                            uint limit = thresholds[(spin > 0 ? 5 : 0) + (neighbours + 4) / 2];
                            if (random[lane] >> 1 < limit) lattice[site] = (sbyte)-spin;
                        }
                    }
                }
            }
        }
        var bonds = new long[chains];
        var spins = new long[chains];
        for (int c = 0; c < chains; c++) (bonds[c], spins[c]) = Sums(lattice, c, size);
        return (bonds, spins);
    }

    /// <summary>Σ over the 2L² bonds of s_i s_j (each once: right and down neighbours) and Σ_i s_i of chain c.</summary>
    internal static (long Bonds, long Spins) Sums(sbyte[] lattice, int chain, int size)
    {
        long bonds = 0, spins = 0;
        for (int row = 0; row < size; row++)
        {
            for (int column = 0; column < size; column++)
            {
                int s = At(lattice, chain, size, row, column);
                spins += s;
                bonds += s * At(lattice, chain, size, row, column + 1) + s * At(lattice, chain, size, row + 1, column);
            }
        }
        return (bonds, spins);
    }

    /// <summary>splitmix64 from <paramref name="seed"/> over <paramref name="blocks"/> generators: words 0, 1 then 2, 3 of each lane.</summary>
    internal static uint[] Seeded(int blocks, ulong seed)
    {
        var state = new uint[blocks * Words * Lanes];
        ulong x = seed;
        for (int b = 0; b < blocks; b++)
        {
            for (int lane = 0; lane < Lanes; lane++)
            {
                for (int w = 0; w < Words; w += 2)
                {
                    x += 0x9E3779B97F4A7C15UL;
                    ulong z = x;
                    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                    z ^= z >> 31;
                    state[(b * Words + w) * Lanes + lane] = (uint)z;
                    state[(b * Words + w + 1) * Lanes + lane] = (uint)(z >> 32);
                }
            }
        }
        return state;
    }

    private static int At(sbyte[] lattice, int chain, int size, int row, int column) =>
        lattice[(chain * size + (row + size) % size) * size + (column + size) % size];

    // xoshiro128+ (Blackman and Vigna): output s0 + s3, then the state update.
    private static uint Next(uint[] rng, int generator, int lane)
    {
        int w0 = generator + lane, w1 = w0 + Lanes, w2 = w1 + Lanes, w3 = w2 + Lanes;
        uint result = rng[w0] + rng[w3];
        uint t = rng[w1] << 9;
        rng[w2] ^= rng[w0];
        rng[w3] ^= rng[w1];
        rng[w1] ^= rng[w2];
        rng[w0] ^= rng[w3];
        rng[w2] ^= t;
        rng[w3] = (rng[w3] << 11) | (rng[w3] >> 21);
        return result;
    }
}
