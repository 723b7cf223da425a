using NeuroThermo.Physics;

namespace NeuroThermo.Tests.Physics;

/// <summary>
/// The Boltzmann view of a next-token distribution: <see cref="FiniteSpectrum"/>'s closed forms against autograd
/// in float64, against a direct unshifted sum with the Gibbs entropy, and in the limits T → 0 and T → ∞.
/// </summary>
public sealed class FiniteSpectrumTests
{
    // Autograd's second derivative of logsumexp is ⟨E²⟩ − ⟨E⟩², a difference of two terms of size ⟨E²⟩, so its
    // rounding error scales with β²⟨E²⟩ rather than with C; 1e-10 of that scale is about a million ulps.
    private const double RelTol = 1e-10;

    // The direct sum exponentiates −βE without a shift and takes −Σ p ln p; a few hundred ulps of its terms.
    private const double DirectTol = 1e-12;

    private static readonly double[] Temperatures = [0.05, 0.1, 0.3, 1, 3, 10, 20];

    /// <summary>Logits like a model's: a few hundred standard-normal values scaled by 2.</summary>
    private static double[] RandomLogits(int seed, int count = 300)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => 2 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
            .ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ClosedForms_MatchAutogradOfLogZ(int seed)
    {
        var spectrum = FiniteSpectrum.FromLogits(RandomLogits(seed));
        var autograd = spectrum.ByAutograd(Temperatures);
        var meanSquare = spectrum.Energies.Average(e => e * e);
        var energyScale = spectrum.Energies.Max(Math.Abs);
        for (var i = 0; i < Temperatures.Length; i++)
        {
            var closed = spectrum.At(Temperatures[i]);
            var beta = 1 / Temperatures[i];
            Assert.True(Math.Abs(closed.LogPartitionFunction - autograd.LogPartitionFunction[i]) <= RelTol * Math.Abs(closed.LogPartitionFunction),
                $"ln Z at T = {Temperatures[i]}: {closed.LogPartitionFunction} vs {autograd.LogPartitionFunction[i]}");
            Assert.True(Math.Abs(closed.InternalEnergy - autograd.InternalEnergy[i]) <= RelTol * energyScale,
                $"U at T = {Temperatures[i]}: {closed.InternalEnergy} vs {autograd.InternalEnergy[i]}");
            Assert.True(Math.Abs(closed.HeatCapacity - autograd.HeatCapacity[i]) <= RelTol * beta * beta * meanSquare,
                $"C at T = {Temperatures[i]}: {closed.HeatCapacity} vs {autograd.HeatCapacity[i]}");
        }
    }

    [Fact]
    public void ClosedForms_MatchADirectSumAndTheGibbsEntropy()
    {
        var spectrum = FiniteSpectrum.FromLogits(RandomLogits(3));
        foreach (var temperature in new[] { 0.5, 1.0, 4.0 })
        {
            var beta = 1 / temperature;
            var weights = spectrum.Energies.Select(e => Math.Exp(-beta * e)).ToArray();
            var z = weights.Sum();
            var p = weights.Select(w => w / z).ToArray();
            var u = p.Zip(spectrum.Energies, (pi, e) => pi * e).Sum();
            var variance = p.Zip(spectrum.Energies, (pi, e) => pi * (e - u) * (e - u)).Sum();
            var gibbs = -p.Where(pi => pi > 0).Sum(pi => pi * Math.Log(pi));

            var closed = spectrum.At(temperature);
            AssertClose(Math.Log(z), closed.LogPartitionFunction, "ln Z", temperature);
            AssertClose(-temperature * Math.Log(z), closed.FreeEnergy, "F", temperature);
            AssertClose(u, closed.InternalEnergy, "U", temperature);
            AssertClose(gibbs, closed.Entropy, "S", temperature);
            AssertClose(beta * beta * variance, closed.HeatCapacity, "C", temperature);
        }
    }

    [Fact]
    public void LowTemperature_LeavesTheDegenerateGroundStates()
    {
        // Top logit 3 twice: g = 2, E_min = −3, gap 2 (to the logit 1).
        var spectrum = FiniteSpectrum.FromLogits([3, 1, 3, 0, -2, 0.5]);
        Assert.Equal(2, spectrum.GroundDegeneracy);
        Assert.Equal(-3.0, spectrum.GroundEnergy);
        Assert.Equal(2.0, spectrum.Gap);
        // At T = Δ/100 the excited states carry e^{−100} of the weight.
        var cold = spectrum.At(0.02);
        Assert.Equal(Math.Log(2), cold.Entropy, 1e-12);
        Assert.Equal(spectrum.ZeroTemperatureEntropy, cold.Entropy, 1e-12);
        Assert.Equal(-3.0, cold.InternalEnergy, 1e-12);
        Assert.Equal(-3.0 - 0.02 * Math.Log(2), cold.FreeEnergy, 1e-12); // F = U − TS → E_min − T ln g
        Assert.True(cold.HeatCapacity < 1e-30, $"C = {cold.HeatCapacity} at T = Δ/100");
    }

    [Fact]
    public void HighTemperature_ApproachesTheUniformDistribution()
    {
        var logits = RandomLogits(4, count: 50);
        var spectrum = FiniteSpectrum.FromLogits(logits);
        // S = ln V − β² Var/2 + O(β³) and U = ⟨E⟩ − β Var + O(β²) at small β; β = 1e-6 leaves ~1e-12 and ~1e-6·Var.
        var hot = spectrum.At(1e6);
        var variance = spectrum.Energies.Average(e => (e - spectrum.MeanEnergy) * (e - spectrum.MeanEnergy));
        Assert.Equal(Math.Log(50), hot.Entropy, 1e-10);
        Assert.Equal(spectrum.InfiniteTemperatureEntropy, hot.Entropy, 1e-10);
        Assert.Equal(spectrum.MeanEnergy - 1e-6 * variance, hot.InternalEnergy, 1e-10);
        Assert.Equal(1e-12 * variance, hot.HeatCapacity, 1e-15);
    }

    [Fact]
    public void Entropy_RisesMonotonicallyWithTemperature()
    {
        // dS/dT = C/T ≥ 0: a sign error in S = β(U − F) would show here before anywhere else.
        var spectrum = FiniteSpectrum.FromLogits(RandomLogits(5));
        var entropies = Temperatures.Select(t => spectrum.At(t).Entropy).ToArray();
        for (var i = 1; i < entropies.Length; i++)
            Assert.True(entropies[i] > entropies[i - 1], $"S({Temperatures[i]}) = {entropies[i]} ≤ S({Temperatures[i - 1]}) = {entropies[i - 1]}");
        Assert.InRange(entropies[^1], 0, spectrum.InfiniteTemperatureEntropy);
    }

    [Fact]
    public void BadInput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new FiniteSpectrum([]));
        Assert.Throws<ArgumentException>(() => new FiniteSpectrum([1, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FiniteSpectrum([1, 2]).At(0));
    }

    private static void AssertClose(double expected, double actual, string what, double temperature) =>
        Assert.True(Math.Abs(expected - actual) <= DirectTol * Math.Max(1, Math.Abs(expected)),
            $"{what} at T = {temperature}: direct sum {expected}, closed form {actual}");
}
