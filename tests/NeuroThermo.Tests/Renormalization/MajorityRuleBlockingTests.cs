using NeuroThermo.Renormalization;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>Majority-rule block spins on hand-built lattices, against a plain loop, and the fairness of the tie coin.</summary>
public sealed class MajorityRuleBlockingTests
{
    // A correct fair coin fails the χ² test at this level once in a thousand runs; the seeds are fixed.
    private const double CoinPValue = 1e-3;

    private static Tensor Lattice(int[,] spins)
    {
        var flat = spins.Cast<int>().Select(s => (sbyte)s).ToArray();
        return torch.tensor(flat, [spins.GetLength(0), spins.GetLength(1)], ScalarType.Int8);
    }

    private static Tensor Checkerboard(int batch, int size) =>
        torch.tensor(Enumerable.Range(0, batch * size * size).Select(i => (sbyte)(((i / size) + (i % size)) % 2 == 0 ? 1 : -1)).ToArray(),
            [batch, size, size], ScalarType.Int8);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void UniformLattices_StayUniform(int b)
    {
        using var generator = new Generator(1);
        using var up = torch.ones([4, 12, 12], ScalarType.Int8);
        using var blockedUp = MajorityRuleBlocking.Block(up, b, generator);
        Assert.Equal(new long[] { 4, 12 / b, 12 / b }, blockedUp.shape);
        Assert.True(blockedUp.eq(1).all().ItemAs<bool>());
        using var down = up.neg();
        using var blockedDown = MajorityRuleBlocking.Block(down, b, generator);
        Assert.True(blockedDown.eq(-1).all().ItemAs<bool>());
    }

    [Fact]
    public void Checkerboard_BlockedByThree_IsTheCheckerboardOfTheCornerSpins()
    {
        // A 3×3 block of a checkerboard holds five spins of its corner's colour, and corners (3I, 3J) alternate with I + J.
        using var generator = new Generator(2);
        using var board = Checkerboard(2, 12);
        using var blocked = MajorityRuleBlocking.Block(board, 3, generator);
        using var expected = Checkerboard(2, 4);
        Assert.True(blocked.eq(expected).all().ItemAs<bool>());
    }

    [Fact]
    public void KnownBlocks_FollowTheMajority()
    {
        // Four 3×3 blocks with 9, 5, 4 and 0 up spins, and a 2×2 lattice of blocks with 4, 3, 1 and 0 up (no ties).
        int[,] nine =
        {
            { 1, 1, 1, 1, -1, 1 },
            { 1, 1, 1, -1, 1, -1 },
            { 1, 1, 1, 1, -1, 1 },
            { 1, -1, 1, -1, -1, -1 },
            { -1, 1, -1, -1, -1, -1 },
            { 1, -1, -1, -1, -1, -1 },
        };
        using var generator = new Generator(3);
        using var lattice = Lattice(nine);
        using var byThree = MajorityRuleBlocking.Block(lattice, 3, generator);
        Assert.Equal(new sbyte[] { 1, 1, -1, -1 }, byThree.reshape(-1).ToArray<sbyte>());

        int[,] four =
        {
            { 1, 1, 1, -1 },
            { 1, 1, 1, 1 },
            { -1, 1, -1, -1 },
            { -1, -1, -1, -1 },
        };
        using var small = Lattice(four);
        using var byTwo = MajorityRuleBlocking.Block(small, 2, generator);
        Assert.Equal(new sbyte[] { 1, 1, -1, -1 }, byTwo.reshape(-1).ToArray<sbyte>());
    }

    [Fact]
    public void RandomLattices_MatchAPlainLoop_ForOddBlocks()
    {
        const int batch = 3, size = 15, b = 3;
        var random = new Random(4);
        var spins = new sbyte[batch * size * size];
        for (var i = 0; i < spins.Length; i++) spins[i] = (sbyte)(random.Next(2) * 2 - 1);
        using var generator = new Generator(4);
        using var lattice = torch.tensor(spins, [batch, size, size], ScalarType.Int8);
        var blocked = MajorityRuleBlocking.Block(lattice, b, generator);
        using var owned = blocked;
        var values = blocked.reshape(-1).ToArray<sbyte>();
        var blocks = size / b;
        for (var s = 0; s < batch; s++)
            for (var bi = 0; bi < blocks; bi++)
                for (var bj = 0; bj < blocks; bj++)
                {
                    var sum = 0;
                    for (var i = 0; i < b; i++)
                        for (var j = 0; j < b; j++) sum += spins[(s * size + b * bi + i) * size + b * bj + j];
                    Assert.Equal(Math.Sign(sum), values[(s * blocks + bi) * blocks + bj]);
                }
    }

    [Fact]
    public void Ties_AreAFairCoin_AndTheSeedReproducesThem()
    {
        // Every 2×2 block of a checkerboard ties, so every block spin is a coin.
        using var board = Checkerboard(16, 64);
        using var first = new Generator(5);
        using var blocked = MajorityRuleBlocking.Block(board, 2, first);
        var values = blocked.reshape(-1).ToArray<sbyte>();
        var up = values.LongCount(v => v == 1);
        Assert.Equal(values.Length, up + values.LongCount(v => v == -1));
        var test = GoodnessOfFit.ChiSquareTest([up, values.Length - up], [0.5, 0.5]);
        Assert.True(test.PValue > CoinPValue, $"{up} of {values.Length} ties went up (p = {test.PValue:G3}).");

        using var again = new Generator(5);
        using var repeated = MajorityRuleBlocking.Block(board, 2, again);
        Assert.True(repeated.eq(blocked).all().ItemAs<bool>());
        using var other = new Generator(6);
        using var different = MajorityRuleBlocking.Block(board, 2, other);
        Assert.False(different.eq(blocked).all().ItemAs<bool>());
    }

    [Fact]
    public void ClearMajorities_IgnoreTheCoin()
    {
        // Three up, one down in every 2×2 block: no tie, so two generators agree.
        var pattern = new sbyte[8 * 8];
        for (var i = 0; i < pattern.Length; i++) pattern[i] = (sbyte)((i / 8) % 2 == 1 && i % 2 == 1 ? -1 : 1);
        using var lattice = torch.tensor(pattern, [8, 8], ScalarType.Int8);
        using var a = new Generator(7);
        using var b = new Generator(8);
        using var first = MajorityRuleBlocking.Block(lattice, 2, a);
        using var second = MajorityRuleBlocking.Block(lattice, 2, b);
        Assert.True(first.eq(1).all().ItemAs<bool>());
        Assert.True(second.eq(first).all().ItemAs<bool>());
    }

    [Fact]
    public void FloatLatticesKeepTheirType()
    {
        using var generator = new Generator(9);
        using var lattice = torch.ones([6, 6], torch.float64);
        using var blocked = MajorityRuleBlocking.Block(lattice, 3, generator);
        Assert.Equal(torch.float64, blocked.dtype);
        Assert.Equal(new long[] { 2, 2 }, blocked.shape);
    }

    [Fact]
    public void BadShapes_FailWithOneSentence()
    {
        using var generator = new Generator(10);
        using var ten = torch.ones([2, 10, 10], ScalarType.Int8);
        var error = Assert.Throws<ArgumentException>("blockSize", () => MajorityRuleBlocking.Block(ten, 3, generator));
        Assert.Contains("L = 10", error.Message);
        Assert.Contains("must divide L", error.Message);
        using var rectangle = torch.ones([4, 6], ScalarType.Int8);
        Assert.Throws<ArgumentException>("spins", () => MajorityRuleBlocking.Block(rectangle, 2, generator));
        Assert.Throws<ArgumentOutOfRangeException>("blockSize", () => MajorityRuleBlocking.Block(ten, 0, generator));
    }
}
