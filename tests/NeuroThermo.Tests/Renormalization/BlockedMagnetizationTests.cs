using NeuroThermo.Renormalization;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>Repeated blocking down to a common side, the histogram of m' and the distance between histograms.</summary>
public sealed class BlockedMagnetizationTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void OrderedLattices_BlockToMPlusMinusOne_AndTheOrderedBinder()
    {
        // Half the samples all up, half all down: m' = ±1 and U₄ = 1 − 1/3 = 2/3 exactly, in every bin.
        using var up = torch.ones([32, 3, 27, 27], ScalarType.Int8);
        using var signs = torch.tensor(Enumerable.Range(0, 96).Select(i => (sbyte)(i % 2 == 0 ? 1 : -1)).ToArray(), [96, 1, 1], ScalarType.Int8);
        using var spins = up.view(96, 27, 27) * signs;
        using var generator = new Generator(1);
        var measured = BlockedMagnetization.Measure(spins, 3, 3, generator);
        Assert.Equal(2, measured.Steps);
        Assert.Equal(3, measured.BlockedSize);
        Assert.All(measured.Magnetization, m => Assert.Equal(1.0, Math.Abs(m)));
        Assert.Equal(2.0 / 3, measured.Binder.Mean, Tol);
        var histogram = measured.Histogram(4);
        Assert.Equal(new[] { 0.5, 0, 0, 0.5 }, histogram);
    }

    [Fact]
    public void RepeatedBlocking_EqualsBlockingTwice()
    {
        var random = new Random(2);
        var values = Enumerable.Range(0, 40 * 16 * 16).Select(_ => (sbyte)(random.Next(2) * 2 - 1)).ToArray();
        using var spins = torch.tensor(values, [40, 16, 16], ScalarType.Int8);
        using var first = new Generator(3);
        var measured = BlockedMagnetization.Measure(spins, 2, 4, first, binCount: 8);
        using var second = new Generator(3);
        using var once = MajorityRuleBlocking.Block(spins, 2, second);
        using var twice = MajorityRuleBlocking.Block(once, 2, second);
        using var expected = twice.to(torch.float64).mean([1L, 2L]);
        Assert.Equal(expected.ToArray<double>(), measured.Magnetization);
    }

    [Fact]
    public void TotalVariation_IsZeroForOneSampleAndOneForDisjointOnes()
    {
        using var up = torch.ones([16, 8, 8], ScalarType.Int8);
        using var down = up.neg();
        using var generator = new Generator(4);
        var a = BlockedMagnetization.Measure(up, 2, 4, generator, binCount: 4);
        var b = BlockedMagnetization.Measure(down, 2, 4, generator, binCount: 4);
        Assert.Equal(0, BlockedMagnetization.TotalVariation(a, a, 8).Distance);
        Assert.Equal(1, BlockedMagnetization.TotalVariation(a, b, 8).Distance, Tol);
    }

    [Fact]
    public void SizesThatAreNotPowersOfB_FailWithOneSentence()
    {
        using var spins = torch.ones([4, 12, 12], ScalarType.Int8);
        using var generator = new Generator(5);
        var error = Assert.Throws<ArgumentException>("blockedSize", () => BlockedMagnetization.Measure(spins, 2, 8, generator, binCount: 2));
        Assert.Contains("L = 12", error.Message);
    }
}
