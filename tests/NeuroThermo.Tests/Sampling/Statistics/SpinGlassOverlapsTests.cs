using NeuroThermo.Physics;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>Overlaps of independent random replicas, whose distribution is exactly binomial.</summary>
public sealed class SpinGlassOverlapsTests
{
    private const int Spins = 64;
    private const int Samples = 8000;

    // Checks against exact values allow this many statistical errors.
    private const double Sigmas = 4;

    private static double[] RandomOverlaps(ulong seed)
    {
        // For independent fair spins, N(q + 1)/2 is Binomial(N, ½): ⟨q⟩ = 0, ⟨q²⟩ = 1/N, ⟨q⁴⟩ = (3N² − 2N)/N⁴.
        using var generator = new Generator(seed);
        using var a = SpinConfigurations.Random(Samples, Spins, generator);
        using var b = SpinConfigurations.Random(Samples, Spins, generator);
        return SpinGlassOverlaps.Overlaps(a, b);
    }

    [Fact]
    public void IndependentReplicas_OverlapIsCentredAtZeroWithWidthOneOverRootN()
    {
        var histogram = SpinGlassOverlaps.Histogram(RandomOverlaps(51), Spins);
        var width = 1 / Math.Sqrt(Spins);
        Assert.InRange(histogram.Mean, -Sigmas * width / Math.Sqrt(Samples), Sigmas * width / Math.Sqrt(Samples));
        // The sample standard deviation of S Gaussian-like values has relative error 1/√(2S) ≈ 0.8 %.
        Assert.Equal(1, histogram.StandardDeviation / width, Sigmas / Math.Sqrt(2.0 * Samples));
        Assert.Equal(1, histogram.Density.Zip(histogram.Widths).Sum(p => p.First * p.Second), 1e-12);

        // The central bin holds q = 0 alone: its probability is C(N, N/2)/2^N exactly.
        var center = Array.IndexOf(histogram.Centers, histogram.Centers.MinBy(Math.Abs));
        var p0 = Math.Exp(LogChoose(Spins, Spins / 2) - Spins * Math.Log(2));
        var count = histogram.Counts[center];
        Assert.InRange(count, Samples * p0 - Sigmas * Math.Sqrt(Samples * p0), Samples * p0 + Sigmas * Math.Sqrt(Samples * p0));
    }

    [Fact]
    public void IndependentReplicas_BinderRatioIsOneOverN_AndQeaIsOneOverRootN()
    {
        // g = ½(3 − ⟨q⁴⟩/⟨q²⟩²) = ½(3 − (3 − 2/N)) = 1/N exactly for binomial overlaps.
        var overlaps = RandomOverlaps(52);
        var g = SpinGlassOverlaps.BinderRatio(overlaps);
        Assert.InRange(g.Mean, 1.0 / Spins - Sigmas * g.StandardError, 1.0 / Spins + Sigmas * g.StandardError);
        Assert.InRange(g.StandardError, 0, 0.05);
        var qEa = SpinGlassOverlaps.EdwardsAndersonParameter(overlaps);
        Assert.InRange(qEa.Mean, 1 / Math.Sqrt(Spins) - Sigmas * qEa.StandardError, 1 / Math.Sqrt(Spins) + Sigmas * qEa.StandardError);

        const int disorderSamples = 40;
        var perDisorderSample = overlaps.Chunk(Samples / disorderSamples).ToArray();  // stand-ins for 40 disorder samples
        Assert.Equal(disorderSamples, perDisorderSample.Length);
        var averaged = SpinGlassOverlaps.DisorderAveragedBinderRatio(perDisorderSample);
        Assert.InRange(averaged.Mean, 1.0 / Spins - Sigmas * averaged.StandardError, 1.0 / Spins + Sigmas * averaged.StandardError);
    }

    [Fact]
    public void FrozenReplicas_HaveBinderRatioOneAndQeaOne()
    {
        // Replica b equals ±a sample by sample: q = ±1, so ⟨q²⟩ = ⟨q⁴⟩ = 1 exactly.
        using var generator = new Generator(53);
        using var a = SpinConfigurations.Random(64, 36, generator);
        using var signs = SpinConfigurations.Random(64, 1, generator);
        using var b = a * signs;
        using var squareA = a.view(64, 6, 6);  // (S, N) -> (S, L, L): overlaps of lattice-shaped replicas
        using var squareB = b.view(64, 6, 6);
        var overlaps = SpinGlassOverlaps.Overlaps(squareA, squareB);
        Assert.All(overlaps, q => Assert.Equal(1, Math.Abs(q), 1e-15));
        Assert.Equal(1, SpinGlassOverlaps.BinderRatio(overlaps).Mean, 1e-12);
        Assert.Equal(1, SpinGlassOverlaps.EdwardsAndersonParameter(overlaps).Mean, 1e-12);
    }

    [Fact]
    public void Histogram_GroupsValuesWithoutSplittingAny()
    {
        // N = 4: q ∈ {−1, −½, 0, ½, 1}; two values per bin give bins {−1, −½}, {0, ½}, {1}.
        var histogram = SpinGlassOverlaps.Histogram([-1, -0.5, -0.5, 0, 0.5, 1, 1, 1], 4, valuesPerBin: 2);
        Assert.Equal([3L, 2L, 3L], histogram.Counts);
        Assert.Equal([-0.75, 0.25, 1.0], histogram.Centers);
        Assert.Equal([1.0, 1.0, 0.5], histogram.Widths);
    }

    [Fact]
    public void BadInput_FailsWithOneSentence()
    {
        using var a = torch.ones([4, 8], torch.float64);
        using var b = torch.ones([4, 9], torch.float64);
        Assert.Throws<ArgumentException>("replicaB", () => SpinGlassOverlaps.Overlaps(a, b));
        var notOverlap = Assert.Throws<ArgumentException>("overlaps", () => SpinGlassOverlaps.Histogram([0.3], 4));
        Assert.Contains("not an overlap of 4 spins", notOverlap.Message);
        Assert.Throws<ArgumentException>("overlapsPerSample", () => SpinGlassOverlaps.DisorderAveragedBinderRatio([[0.5]]));
    }

    private static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(int n) => Enumerable.Range(1, n).Sum(i => Math.Log(i));
}
