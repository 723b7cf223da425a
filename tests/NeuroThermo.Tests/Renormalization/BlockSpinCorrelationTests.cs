using Xunit.Abstractions;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Renormalization;
using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>
/// ξ before and after majority-rule blocking of 2D Ising configurations on a 144² torus (divisible by b = 2 and 3).
/// What is compared: the ratio b·ξ'/ξ of the blocked to the original correlation length, each in its own lattice
/// spacings, jackknifed over the same bins. At T = 2.0 and 3.0 ξ is the exponential length of eq. 3.55 fitted over the
/// same physical distances r ∈ [4, 12] on both lattices (ξ ≈ 2 there); the RG says ξ' = ξ/b, a ratio of 1, and a
/// blocking that changed nothing would give b. At T_c ξ is the second-moment length, and the ratio is (ξ₂'/L')/(ξ₂/L):
/// the blocked lattice keeps the dimensionless ξ/L of the original.
/// </summary>
public sealed class BlockSpinCorrelationTests(ITestOutputHelper output)
{
    private const int Size = 144;

    // The ratio must lie within this many of its jackknife errors of the RG value (3σ: a 0.3 % chance per comparison for
    // Gaussian errors; the seeds are fixed) and farther than this from the "unchanged" value.
    private const double Sigmas = 3;

    // An error bar this wide would make agreement empty: the ratio must be resolved to a few per cent.
    private const double MaxRatioError = 0.05;

    // Physical fit window, in original lattice spacings: past the distances where a block pair is not yet asymptotic,
    // up to where G(r) is still several errors above zero at ξ ≈ 2.
    private const int FitStart = 4, FitEnd = 12;

    private const int Bins = 32;

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void AwayFromTc_ExponentialXi_ShrinksByB(double temperature)
    {
        using var scope = torch.NewDisposeScope();
        var spins = SquareIsingConfigurations.Sample(ConfigurationChain.Metropolis, Size, 1 / temperature, chains: 16,
            thermalization: 300, samplesPerChain: 64, interval: 5, seed: 11);
        var original = LatticeCorrelations.Measure(spins, Boundary.Periodic, Bins, FitEnd);
        using var coins = new Generator(12);
        foreach (var b in new[] { 2, 3 })
        {
            var blocked = LatticeCorrelations.Measure(MajorityRuleBlocking.Block(spins, b, coins), Boundary.Periodic, Bins, FitEnd / b);
            var comparison = BlockSpinCorrelationLengths.Compare(original, blocked, b, FitStart, FitEnd).Exponential!;
            var ratio = comparison.Ratio;
            var where = $"T = {temperature}, b = {b}: ξ = {comparison.Original}, ξ' = {comparison.Blocked}, b·ξ'/ξ = {ratio}";
            output.WriteLine(where);
            // At T = 2 the blocked ξ' by b = 3 is about 0.4 block spacings: G' falls by e^{-2.5} per block and is at the noise
            // level over R = 2…4, so its ratio has an error of ~0.16 (measured; docs/renormalization.md). It still tells 1 from
            // b = 3 by many errors, which is asserted below; it is not resolved to MaxRatioError.
            if (!(temperature == 2.0 && b == 3)) Assert.True(ratio.StandardError < MaxRatioError, where);
            Assert.True(comparison.StandardErrorsFromRescaled <= Sigmas, where);
            Assert.True(comparison.StandardErrorsFromUnchanged(b) > Sigmas, where);
        }
    }

    [Fact]
    public void AtTc_SecondMomentXiOverL_IsUnchanged()
    {
        using var scope = torch.NewDisposeScope();
        var spins = SquareIsingConfigurations.Sample(ConfigurationChain.Wolff, Size, OnsagerSolution.CriticalInverseTemperature(),
            chains: 8, thermalization: 50, samplesPerChain: 32, interval: 4, seed: 13);
        // ξ₂ needs only the structure factor, not G(r) beyond r = 1.
        var original = LatticeCorrelations.Measure(spins, Boundary.Periodic, Bins, maxDistance: 1);
        using var coins = new Generator(14);
        foreach (var b in new[] { 2, 3 })
        {
            var blocked = LatticeCorrelations.Measure(MajorityRuleBlocking.Block(spins, b, coins), Boundary.Periodic, Bins, maxDistance: 1);
            var comparison = BlockSpinCorrelationLengths.Compare(original, blocked, b).SecondMoment;
            var where = $"T_c, b = {b}: ξ₂ = {comparison.Original}, ξ₂' = {comparison.Blocked}, (ξ₂'/L')/(ξ₂/L) = {comparison.Ratio}";
            output.WriteLine(where);
            Assert.True(comparison.Ratio.StandardError < MaxRatioError, where);
            Assert.True(comparison.StandardErrorsFromRescaled <= Sigmas, where);
            Assert.True(comparison.StandardErrorsFromUnchanged(b) > Sigmas, where);
        }
    }
}
