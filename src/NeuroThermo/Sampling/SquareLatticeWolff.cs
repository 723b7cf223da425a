using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling;

/// <summary>
/// Wolff single-cluster updates for the ferromagnetic Ising model on a periodic L×L square lattice,
/// E = −Σ_⟨ij⟩ s_i s_j (J = 1, h = 0), weights e^{−βE} with β = 1/T, k_B = 1, for a batch of independent chains.
/// From a uniformly random seed site the cluster grows across each bond to an aligned neighbour with probability
/// p = 1 − e^{−2β}, and the whole cluster flips.
/// </summary>
/// <remarks>
/// <see cref="WolffSampler"/> does the same on any ferromagnetic graph with tensor operations, one full-lattice step
/// per layer of the cluster; at T_c a cluster on a 144² lattice is a hundred or more layers deep, so one update costs
/// hundreds of passes over all bonds. Here the cluster grows site by site from a stack in O(cluster size). Each site
/// is flipped the moment it joins, which also marks it as visited, so every bond from the cluster to an aligned site
/// is tried at most once, as Wolff's algorithm requires. Every chain has its own xoshiro256** generator in
/// <see cref="SquareLatticeWolffState"/>, seeded from one number.
/// </remarks>
public sealed class SquareLatticeWolff
{
    /// <summary>A sampler for L = <paramref name="size"/> (≥ 3, so that no two sites bond twice) at β = <paramref name="inverseTemperature"/>.</summary>
    public SquareLatticeWolff(int size, double inverseTemperature)
    {
        if (size < 3)
            throw new ArgumentOutOfRangeException(nameof(size), size, "The periodic square lattice needs L ≥ 3 so that no two sites bond twice.");
        if (!(inverseTemperature >= 0) || double.IsInfinity(inverseTemperature))
            throw new ArgumentOutOfRangeException(nameof(inverseTemperature), inverseTemperature, "The inverse temperature β must be finite and non-negative.");
        Size = size;
        InverseTemperature = inverseTemperature;
        AddProbability = 1 - Math.Exp(-2 * inverseTemperature);
    }

    /// <summary>L.</summary>
    public int Size { get; }

    /// <summary>β.</summary>
    public double InverseTemperature { get; }

    /// <summary>p = 1 − e^{−2β}, the probability that a bond to an aligned neighbour joins the cluster.</summary>
    public double AddProbability { get; }

    /// <summary><paramref name="chains"/> chains with every spin +1, generators from <paramref name="seed"/> alone.</summary>
    public SquareLatticeWolffState Initialize(int chains, ulong seed) => new(chains, Size, seed);

    /// <summary>Runs <paramref name="updates"/> cluster updates on every chain of <paramref name="state"/>, in place; returns the spins flipped.</summary>
    public long Run(SquareLatticeWolffState state, int updates)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(updates);
        if (state.Size != Size)
            throw new ArgumentException($"The state holds an L = {state.Size} lattice; this sampler expects L = {Size}.", nameof(state));
        var sites = Size * Size;
        var stack = new int[sites];
        long flipped = 0;
        for (var chain = 0; chain < state.Chains; chain++)
        {
            var spins = state.Spins.AsSpan(chain * sites, sites);
            ref var generator = ref state.Generators[chain];
            for (var update = 0; update < updates; update++) flipped += Grow(spins, ref generator, stack);
        }
        state.Updates += updates;
        return flipped;
    }

    private int Grow(Span<sbyte> spins, ref Xoshiro256 generator, int[] stack)
    {
        var size = Size;
        var seed = (int)Math.Min(generator.NextDouble() * spins.Length, spins.Length - 1);
        var aligned = spins[seed];
        spins[seed] = (sbyte)-aligned;
        var top = 0;
        stack[top++] = seed;
        var count = 1;
        while (top > 0)
        {
            var site = stack[--top];
            int row = site / size, column = site - row * size;
            int up = (row == 0 ? size - 1 : row - 1) * size + column;
            int down = (row == size - 1 ? 0 : row + 1) * size + column;
            int left = row * size + (column == 0 ? size - 1 : column - 1);
            int right = row * size + (column == size - 1 ? 0 : column + 1);
            foreach (var neighbour in (ReadOnlySpan<int>)[up, down, left, right])
            {
                if (spins[neighbour] != aligned || generator.NextDouble() >= AddProbability) continue;
                spins[neighbour] = (sbyte)-aligned;
                stack[top++] = neighbour;
                count++;
            }
        }
        return count;
    }
}

/// <summary>The spins (chains × L², row by row) and per-chain generators of <see cref="SquareLatticeWolff"/> chains.</summary>
public sealed class SquareLatticeWolffState
{
    internal SquareLatticeWolffState(int chains, int size, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        Chains = chains;
        Size = size;
        Spins = new sbyte[(long)chains * size * size];
        Array.Fill(Spins, (sbyte)1);
        Generators = new Xoshiro256[chains];
        for (var chain = 0; chain < chains; chain++) Generators[chain] = new Xoshiro256(seed, (ulong)chain);
    }

    /// <summary>Number of chains.</summary>
    public int Chains { get; }

    /// <summary>L.</summary>
    public int Size { get; }

    /// <summary>Cluster updates done per chain.</summary>
    public long Updates { get; internal set; }

    /// <summary>±1, chain c's site (row, column) at c·L² + row·L + column.</summary>
    public sbyte[] Spins { get; }

    internal Xoshiro256[] Generators { get; }

    /// <summary>The spins as a (chains, L, L) int8 tensor (a copy, in the caller's dispose scope).</summary>
    public Tensor ToLattice() => torch.tensor(Spins, [Chains, Size, Size], ScalarType.Int8);
}

/// <summary>xoshiro256** (Blackman and Vigna), seeded through SplitMix64 so that nearby seeds give unrelated streams.</summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256(ulong seed, ulong stream)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    private ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
