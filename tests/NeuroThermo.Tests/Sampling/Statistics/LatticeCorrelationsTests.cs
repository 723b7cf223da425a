using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>G(r), χ(k) and both correlation lengths against the exactly solvable Ising chain, sampled exactly.</summary>
public sealed class LatticeCorrelationsTests
{
    private const double BetaJ = 1.0;
    private static readonly double T = Math.Tanh(BetaJ);

    // Estimates must lie within this many jackknife errors of the exact value; with ~30 values per test a 4σ
    // miss somewhere has probability ~2·10⁻³ for a correct code, and the seeds are fixed.
    private const double Sigmas = 4;

    // G(0) = 1 − ⟨s⟩², and the sample ⟨s⟩ is ~√(2ξ/(S N)) ≈ 0.004 rather than 0: its square (< 10⁻⁴) is a
    // deterministic offset the jackknife error of ⟨s⟩² barely covers.
    private const double MeanSquareFloor = 1e-4;

    [Fact]
    public void OpenChain_TwoPointFunction_IsTanhToTheR()
    {
        var chains = TestSeries.OpenChains(4000, 128, T, new Random(41));
        var correlations = LatticeCorrelations.Measure(chains, Boundary.Open);
        Assert.Equal(127, correlations.MaxDistance);
        for (var r = 0; r <= 12; r++) AssertWithin(Math.Pow(T, r), correlations.TwoPoint[r], MeanSquareFloor);
        // The errors must be small against the signal, or agreement would be empty.
        Assert.InRange(correlations.TwoPoint[10].StandardError, 0, 0.2 * Math.Pow(T, 10));
    }

    [Fact]
    public void OpenChain_ExponentialFit_GivesMinusOneOverLnTanh()
    {
        var chains = TestSeries.OpenChains(4000, 128, T, new Random(42));
        var fit = LatticeCorrelations.Measure(chains, Boundary.Open).ExponentialCorrelationLength();
        var exact = -1 / Math.Log(T);
        AssertWithin(exact, fit.CorrelationLength, 0);
        Assert.InRange(fit.CorrelationLength.StandardError, 0, 0.05 * exact);
        Assert.True(fit.MaxDistance > 5, $"the default window should reach several ξ; it ends at r = {fit.MaxDistance}");
    }

    [Fact]
    public void Ring_TwoPointFunction_StructureFactor_AndBothLengths_MatchTheExactRing()
    {
        const int length = 32;
        var rings = TestSeries.Rings(4000, length, T, new Random(43));
        using var spins = torch.tensor(rings, torch.float64);
        var correlations = LatticeCorrelations.Measure(spins, Boundary.Periodic);
        var exactG = Enumerable.Range(0, length).Select(r => TestSeries.RingCorrelation(r, length, T)).ToArray();
        for (var r = 0; r <= length / 2; r++) AssertWithin(exactG[r], correlations.TwoPoint[r], MeanSquareFloor);

        // χ(k) = Σ_r G(r) cos(kr) over the whole ring, from the exact G.
        double ExactChi(int mode) => Enumerable.Range(0, length).Sum(r => exactG[r] * Math.Cos(2 * Math.PI * mode * r / length));
        for (var mode = 0; mode <= 3; mode++) AssertWithin(ExactChi(mode), correlations.StructureFactor(mode), 0);
        var exactSecondMoment = Math.Sqrt(ExactChi(0) / ExactChi(1) - 1) / (2 * Math.Sin(Math.PI / length));
        AssertWithin(exactSecondMoment, correlations.SecondMomentCorrelationLength(), 0);

        // The periodic fit includes the image term, so the exact ring G is fitted by the exact ξ.
        var fit = correlations.ExponentialCorrelationLength();
        AssertWithin(-1 / Math.Log(T), fit.CorrelationLength, 0);
    }

    [Fact]
    public void SquareLattice_OfIndependentRows_AveragesTheTwoAxes()
    {
        // Each row (x) is an exact ring, rows (y) independent: along x G = G_ring(r), along y G = δ_{r,0}.
        // Averaged over axes, G(r) = (G_ring(r) + δ_{r,0})/2; χ(k ê_x) = χ_ring(k), χ(k ê_y) = χ_ring(0) for k ≠ 0.
        const int length = 16, samples = 1000;
        var rows = TestSeries.Rings(samples * length, length, T, new Random(44));
        using var flat = torch.tensor(rows, torch.float64);
        using var spins = flat.view(samples, length, length);  // (S·L, L) -> (S, L, L): rows of a sample are consecutive
        var correlations = LatticeCorrelations.Measure(spins, Boundary.Periodic);
        Assert.Equal(2, correlations.Dimension);
        var ringG = Enumerable.Range(0, length).Select(r => TestSeries.RingCorrelation(r, length, T)).ToArray();
        for (var r = 0; r <= length / 2; r++) AssertWithin((ringG[r] + (r == 0 ? 1 : 0)) / 2, correlations.TwoPoint[r], MeanSquareFloor);
        double RingChi(int mode) => Enumerable.Range(0, length).Sum(r => ringG[r] * Math.Cos(2 * Math.PI * mode * r / length));
        AssertWithin(RingChi(0), correlations.StructureFactor(0), 0);
        AssertWithin((RingChi(1) + RingChi(0)) / 2, correlations.StructureFactor(1), 0);
        // For r ≥ 1 the axis average is G_ring(r)/2, the ring's shape with half the amplitude: the same ξ.
        AssertWithin(-1 / Math.Log(T), correlations.ExponentialCorrelationLength().CorrelationLength, 0);
    }

    [Fact]
    public void ArrayAndTensorInput_AgreeExactly()
    {
        var squares = new double[40, 4, 4];
        var random = new Random(45);
        for (var s = 0; s < 40; s++)
            for (var y = 0; y < 4; y++)
                for (var x = 0; x < 4; x++) squares[s, y, x] = random.NextDouble() < 0.7 ? 1 : -1;
        var fromArray = LatticeCorrelations.Measure(squares, Boundary.Periodic, binCount: 8);
        using var tensor = torch.tensor(squares.Cast<double>().ToArray(), [40, 4, 4], torch.float64);
        var fromTensor = LatticeCorrelations.Measure(tensor, Boundary.Periodic, binCount: 8);
        Assert.Equal(fromArray.TwoPoint, fromTensor.TwoPoint);
    }

    [Fact]
    public void BadConfigurations_FailWithOneSentence()
    {
        using var notSpins = torch.full([10, 8], 0.5, torch.float64);
        var wrongValue = Assert.Throws<ArgumentException>("spins", () => LatticeCorrelations.Measure(notSpins, Boundary.Periodic, binCount: 2));
        Assert.Contains("±1", wrongValue.Message);
        using var rectangle = torch.ones([10, 4, 6], torch.float64);
        Assert.Throws<ArgumentException>("spins", () => LatticeCorrelations.Measure(rectangle, Boundary.Periodic, binCount: 2));
        using var vector = torch.ones([10], torch.float64);
        Assert.Throws<ArgumentException>("spins", () => LatticeCorrelations.Measure(vector, Boundary.Periodic));
        var open = LatticeCorrelations.Measure(TestSeries.OpenChains(64, 8, T, new Random(46)), Boundary.Open);
        Assert.Throws<InvalidOperationException>(() => open.SecondMomentCorrelationLength());
        Assert.Throws<ArgumentOutOfRangeException>("binCount", () => LatticeCorrelations.Measure(TestSeries.OpenChains(8, 8, T, new Random(47)), Boundary.Open));
    }

    private static void AssertWithin(double exact, Estimate estimate, double floor)
    {
        var tolerance = Sigmas * estimate.StandardError + floor;
        Assert.InRange(estimate.Mean, exact - tolerance, exact + tolerance);
    }
}
