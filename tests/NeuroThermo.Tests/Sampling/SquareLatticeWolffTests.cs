using NeuroThermo.Sampling;
using NeuroThermo.Tests.Sampling.Native;

namespace NeuroThermo.Tests.Sampling;

/// <summary>
/// <see cref="SquareLatticeWolff"/> samples the exact Boltzmann law of a 4×4 periodic lattice: χ² of the joint
/// (bond sum, magnetization) histogram against exact enumeration, on both sides of the transition.
/// </summary>
public sealed class SquareLatticeWolffTests
{
    private const int Size = 4;
    private const int Chains = 200;
    private const int BurnIn = 50;
    // Cluster updates between samples of one chain: a 4×4 cluster flips a good part of the lattice, so a few updates
    // leave the samples close to independent.
    private const int Spacing = 5;
    private const int SamplesPerChain = 100;
    // A correct sampler fails this once in a hundred seeds; the seeds are fixed.
    private const double MinimumP = 0.01;
    // The wrong-temperature check must reject by a wide margin.
    private const double MaximumPWrongTemperature = 1e-6;

    [Theory]
    [InlineData(1.8)]
    [InlineData(2.269)]
    [InlineData(3.0)]
    public void Histogram_MatchesExactEnumeration(double temperature)
    {
        var p = PValue(temperature, temperature, seed: 21);
        Assert.True(p > MinimumP, $"T = {temperature}: p = {p:G3}");
    }

    [Fact]
    public void Histogram_RejectsTheWrongTemperature()
    {
        var p = PValue(2.5, 2.8, seed: 22);
        Assert.True(p < MaximumPWrongTemperature, $"samples at T = 2.5 against T = 2.8 gave p = {p:G3}");
    }

    [Fact]
    public void SameSeed_SameChains()
    {
        var sampler = new SquareLatticeWolff(8, 0.44);
        var a = sampler.Initialize(3, 5);
        var b = sampler.Initialize(3, 5);
        sampler.Run(a, 20);
        sampler.Run(b, 20);
        Assert.Equal(a.Spins, b.Spins);
        Assert.Equal(20, a.Updates);
        var c = sampler.Initialize(3, 6);
        sampler.Run(c, 20);
        Assert.NotEqual(a.Spins, c.Spins);
    }

    private static double PValue(double temperature, double referenceTemperature, ulong seed)
    {
        // The cluster flips the sign of M freely, but the signed law is symmetric: compare (bonds, M) itself.
        var exact = ExactSmallLattice.Distribution(Size, 1 / referenceTemperature, 1, 0, absoluteMagnetization: false);
        var keys = exact.Keys.ToList();
        var index = keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var sampler = new SquareLatticeWolff(Size, 1 / temperature);
        var state = sampler.Initialize(Chains, seed);
        sampler.Run(state, BurnIn);
        var counts = new long[keys.Count];
        for (var k = 0; k < SamplesPerChain; k++)
        {
            sampler.Run(state, Spacing);
            for (var c = 0; c < Chains; c++)
            {
                var spins = state.Spins.AsSpan(c * Size * Size, Size * Size);
                int bonds = 0, total = 0;
                for (var r = 0; r < Size; r++)
                    for (var col = 0; col < Size; col++)
                    {
                        int s = spins[r * Size + col];
                        total += s;
                        bonds += s * spins[r * Size + (col + 1) % Size] + s * spins[(r + 1) % Size * Size + col];
                    }
                counts[index[(bonds, total)]]++;
            }
        }
        return GoodnessOfFit.ChiSquareTest(counts, keys.Select(k => exact[k]).ToList()).PValue;
    }
}
