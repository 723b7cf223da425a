using NeuroThermo.Models.Hopfield;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Hopfield;

/// <summary>The modern Hopfield network: its update as a gradient step, as attention, and its β regimes.</summary>
public sealed class ModernHopfieldNetworkTests
{
    // The design's float64 tolerance for hand-written derivatives against autograd.
    private const double GradientTol = 1e-10;

    // Attention by host loops and by torch sum the same few hundred float64 products in different orders.
    private const double AttentionTol = 1e-12;

    // At large β the weight of every other pattern is below e^{−βΔ} with gap Δ ≳ 30 here; 1e-6 is far above that
    // and far below the ~1 distance between patterns, so it tests "one step retrieves" and nothing else.
    private const double RetrievalTol = 1e-6;

    private const int Dimension = 32, Patterns = 10, Batch = 6;

    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0)]
    [InlineData(8.0)]
    public void EnergyGradient_MatchesAutograd_AndUpdateIsXiMinusGradient(double beta)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(17);
        using var network = new ModernHopfieldNetwork(torch.randn([Patterns, Dimension], ScalarType.Float64, generator: generator) * 0.3, beta);
        var states = (torch.randn([Batch, Dimension], ScalarType.Float64, generator: generator) * 0.3).requires_grad_();
        var autograd = Guarded.grad(network.Energy(states).sum(), states);
        var plain = states.detach();
        Assert.True((network.EnergyGradient(plain) - autograd).abs().max().ItemAs<double>() < GradientTol);
        Assert.True((network.Update(plain) - (plain - autograd)).abs().max().ItemAs<double>() < GradientTol);
    }

    [Fact]
    public void Update_EqualsSingleHeadAttention_WithQueriesXiAndKeysValuesPatterns()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(23);
        const double Beta = 0.7;
        var patterns = torch.randn([Patterns, Dimension], ScalarType.Float64, generator: generator);
        var queries = torch.randn([Batch, Dimension], ScalarType.Float64, generator: generator);
        using var network = new ModernHopfieldNetwork(patterns, Beta);
        var update = network.Update(queries);
        Assert.True((update - ModernHopfieldNetwork.Attention(queries, patterns, patterns, Beta)).abs().max().ItemAs<double>() < AttentionTol);

        // Independent truth: softmax(β q·k) v written out with host doubles, one query at a time.
        var x = patterns.ToArray<double>();
        var q = queries.ToArray<double>();
        var got = update.ToArray<double>();
        for (var b = 0; b < Batch; b++)
        {
            var scores = Enumerable.Range(0, Patterns)
                .Select(mu => Beta * Enumerable.Range(0, Dimension).Sum(i => q[b * Dimension + i] * x[mu * Dimension + i])).ToArray();
            var top = scores.Max();
            var weights = scores.Select(s => Math.Exp(s - top)).ToArray();
            var total = weights.Sum();
            for (var i = 0; i < Dimension; i++)
            {
                var expected = Enumerable.Range(0, Patterns).Sum(mu => weights[mu] / total * x[mu * Dimension + i]);
                Assert.True(Math.Abs(got[b * Dimension + i] - expected) < AttentionTol, $"query {b}, component {i}");
            }
        }
    }

    [Fact]
    public void LargeBeta_RetrievesInOneStep_SmallBeta_GivesTheGlobalAverage()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(29);
        // Gaussian patterns in d = 32 have |x|² ≈ 32 and mutual overlaps ~ ±6: a gap Δ ≈ 26 for the query below.
        var patterns = torch.randn([Patterns, Dimension], ScalarType.Float64, generator: generator);
        var queries = patterns[..Batch] + torch.randn([Batch, Dimension], ScalarType.Float64, generator: generator) * 0.2;
        using var sharp = new ModernHopfieldNetwork(patterns, 4);
        Assert.True((sharp.Update(queries) - patterns[..Batch]).abs().max().ItemAs<double>() < RetrievalTol);

        using var flat = new ModernHopfieldNetwork(patterns, 1e-9);
        var average = patterns.mean([0]).expand([Batch, Dimension]);
        Assert.True((flat.Update(queries) - average).abs().max().ItemAs<double>() < RetrievalTol);
    }

    [Fact]
    public void Update_NeverRaisesTheEnergy_AndEnergyIsNonNegative()
    {
        // The update is a concave–convex procedure step on E, which guarantees E(ξ_new) ≤ E(ξ).
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(31);
        foreach (var beta in new[] { 0.1, 1.0, 10.0 })
        {
            using var network = new ModernHopfieldNetwork(torch.randn([Patterns, Dimension], ScalarType.Float64, generator: generator), beta);
            var states = torch.randn([64, Dimension], ScalarType.Float64, generator: generator) * 2;
            var before = network.Energy(states).ToArray<double>();
            var after = network.Energy(network.Update(states)).ToArray<double>();
            for (var b = 0; b < before.Length; b++)
            {
                Assert.True(after[b] <= before[b] + GradientTol, $"β = {beta}, row {b}: {before[b]} → {after[b]}");
                Assert.True(after[b] >= -GradientTol, $"β = {beta}, row {b}: E = {after[b]} < 0");
            }
        }
    }
}
