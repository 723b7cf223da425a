using NeuroThermo.TorchExtensions.Native;
using static NeuroThermo.TorchExtensions.Tests.Native.CheckerboardTestStates;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Native;

/// <summary>
/// <see cref="IsingCheckerboardKernel"/> against <see cref="ReferenceCheckerboard"/>, the same algorithm written
/// site by site: identical spins, generator states and sums after every sweep, for partial and full 16-lane
/// blocks, several chains, one to three threads and every instruction set this processor runs.
/// </summary>
public sealed class IsingCheckerboardKernelTests
{
    // Enough sweeps for every row generator to have been used many times, few enough for the reference to be quick.
    private const int Sweeps = 6;
    // Splits any work among the threads asked for, however small the lattice (the default keeps small ones on one).
    private const long AnyShare = 1;

    public static TheoryData<int, int, int> Cases => new()
    {
        // L = 2: one site per quarter row, every neighbour wraps. L = 6, 34: rows of 3 and 17 sites, partial
        // blocks. L = 64: two full blocks.
        { 2, 1, 1 }, { 2, 3, 2 },
        { 6, 1, 1 }, { 6, 3, 2 }, { 6, 1, 3 },
        { 34, 1, 2 }, { 34, 3, 1 },
        { 64, 2, 2 }, { 64, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sweeps_EqualTheReferenceSiteBySite(int size, int chains, int threads)
    {
        var thresholds = Thresholds(beta: 0.45, coupling: 1, field: 0.2);
        foreach (var set in SupportedInstructionSets())
        {
            using var scope = NewDisposeScope();
            var (spins, rng) = Random(chains, size, seed: size * 10 + chains);
            var lattice = ReferenceCheckerboard.ToLattice(Bytes(spins), chains, size);
            var referenceRng = Words(rng);
            var start = (sbyte[])lattice.Clone();
            var bonds = new long[Sweeps * chains];
            var totals = new long[Sweeps * chains];

            IsingCheckerboardKernel.Sweeps(spins, rng, thresholds, Sweeps, bonds, totals, threads, AnyShare, set);

            for (int t = 0; t < Sweeps; t++)
            {
                var (referenceBonds, referenceTotals) = ReferenceCheckerboard.Sweep(lattice, referenceRng, chains, size, thresholds);
                Assert.Equal(referenceBonds, bonds.AsSpan(t * chains, chains).ToArray());
                Assert.Equal(referenceTotals, totals.AsSpan(t * chains, chains).ToArray());
            }
            Assert.Equal(lattice, ReferenceCheckerboard.ToLattice(Bytes(spins), chains, size));
            Assert.Equal(referenceRng, Words(rng));
            // Flips were both accepted and refused: a kernel that copied or inverted the lattice would not pass.
            int changed = lattice.Zip(start).Count(pair => pair.First != pair.Second);
            Assert.InRange(changed, 1, lattice.Length - 1);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(34)]
    [InlineData(64)]
    public void Sums_EqualThoseOfTheSpinsAfterEachSweep(int size)
    {
        // A field and a coupling that are not 1, so that a sign or index slip in the limits changes the chain.
        const int Chains = 2;
        var thresholds = Thresholds(beta: 0.6, coupling: 0.8, field: 0.3);
        using var scope = NewDisposeScope();
        var (spins, rng) = Random(Chains, size, seed: 3);
        var bonds = new long[Chains];
        var totals = new long[Chains];
        for (int t = 0; t < 3; t++)
        {
            IsingCheckerboardKernel.Sweeps(spins, rng, thresholds, 1, bonds, totals);
            var lattice = ReferenceCheckerboard.ToLattice(Bytes(spins), Chains, size);
            for (int c = 0; c < Chains; c++)
            {
                Assert.Equal(ReferenceCheckerboard.Sums(lattice, c, size), (bonds[c], totals[c]));
            }
        }
    }

    [Fact]
    public void Chain_DoesNotDependOnThreadsInstructionSetOrSums()
    {
        // The old binding's thread test (L = 128, 2 chains, 20 sweeps), with the work really split: at the default
        // share 256 rows of 64 sites stay on one thread.
        const int Size = 128, Chains = 2, Count = 20;
        var thresholds = Thresholds(beta: 1 / 2.269, coupling: 1, field: 0);
        using var scope = NewDisposeScope();
        var (spins, rng) = Random(Chains, Size, seed: 4);
        var (referenceSpins, referenceRng) = (spins.clone(), rng.clone());
        var referenceBonds = new long[Count * Chains];
        IsingCheckerboardKernel.Sweeps(referenceSpins, referenceRng, thresholds, Count, referenceBonds, [], 1,
            IsingCheckerboardKernel.DefaultMinSitesPerThread, CheckerboardInstructionSet.Baseline);

        foreach (var set in SupportedInstructionSets())
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var (s, r) = (spins.clone(), rng.clone());
                var bonds = new long[Count * Chains];
                IsingCheckerboardKernel.Sweeps(s, r, thresholds, Count, bonds, [], threads, AnyShare, set);
                Assert.Equal(Bytes(referenceSpins), Bytes(s));
                Assert.Equal(Words(referenceRng), Words(r));
                Assert.Equal(referenceBonds, bonds);
            }
            var (quiet, quietRng) = (spins.clone(), rng.clone());
            IsingCheckerboardKernel.Sweeps(quiet, quietRng, thresholds, Count, [], [], 2, AnyShare, set);
            Assert.Equal(Bytes(referenceSpins), Bytes(quiet));
        }
    }

    [Fact]
    public void ZeroSweeps_ChangeNothing()
    {
        using var scope = NewDisposeScope();
        var (spins, rng) = Random(2, 6, seed: 8);
        var (before, beforeRng) = (Bytes(spins), Words(rng));
        IsingCheckerboardKernel.Sweeps(spins, rng, Thresholds(0.4, 1, 0), 0, [], []);
        Assert.Equal(before, Bytes(spins));
        Assert.Equal(beforeRng, Words(rng));
    }

    [Fact]
    public void Seed_IsSplitMix64OfTheSeed_DeterministicAndDistinctPerRow()
    {
        const int Chains = 3, Size = 4;
        using var scope = NewDisposeScope();
        var first = empty([Chains, Size, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);
        var again = empty([Chains, Size, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);
        var other = empty([Chains, Size, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);
        IsingCheckerboardKernel.Seed(first, 42);
        IsingCheckerboardKernel.Seed(again, 42);
        IsingCheckerboardKernel.Seed(other, 43);

        var words = Words(first);
        Assert.Equal(ReferenceCheckerboard.Seeded(Chains * Size, 42), words);
        Assert.Equal(words, Words(again));
        Assert.NotEqual(words, Words(other));
        // Every lane of every (chain, row) generator starts from its own four words.
        const int Lanes = IsingCheckerboardKernel.Lanes;
        var lanes = new HashSet<(uint, uint, uint, uint)>();
        for (int block = 0; block < Chains * Size; block++)
        {
            for (int lane = 0; lane < Lanes; lane++)
            {
                int at = block * IsingCheckerboardKernel.Words * Lanes + lane;
                lanes.Add((words[at], words[at + Lanes], words[at + 2 * Lanes], words[at + 3 * Lanes]));
            }
        }
        Assert.Equal(Chains * Size * Lanes, lanes.Count);
    }

    [Fact]
    public void InstructionSet_IsTheWidestThisProcessorRuns()
    {
        Assert.True(IsingCheckerboardNative.Supports(CheckerboardInstructionSet.Baseline));
        Assert.Equal(SupportedInstructionSets().Max(), IsingCheckerboardKernel.InstructionSet);
        Assert.False(IsingCheckerboardNative.Supports((CheckerboardInstructionSet)3));
    }

    private static CheckerboardInstructionSet[] SupportedInstructionSets() =>
        Enum.GetValues<CheckerboardInstructionSet>().Where(IsingCheckerboardNative.Supports).ToArray();
}
