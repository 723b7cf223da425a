using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Transformer;

public sealed class TokenSamplerTests
{
    /// <summary>χ² critical value for 5 degrees of freedom at p = 0.001.</summary>
    private const double ChiSquaredCritical5 = 20.52;
    private const int Draws = 20_000;
    private const double ProbabilityTol = 1e-12;

    private static readonly double[] Logits = [1.5, -0.3, 0.8, 2.1, 0.0, -1.2];

    private static Tensor Rows(int count) => torch.tensor(Logits, [1, Logits.Length], torch.float64).expand(count, Logits.Length);

    private static double[] Softmax(double[] z, double temperature)
    {
        var weights = z.Select(v => Math.Exp(v / temperature)).ToArray();
        return weights.Select(w => w / weights.Sum()).ToArray();
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void EmpiricalFrequencies_MatchSoftmaxOverTemperature(double temperature)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(99);
        var drawn = TokenSampler.Sample(Rows(Draws), new SamplingConfig { Temperature = temperature }, generator);
        var expected = Softmax(Logits, temperature);
        var chiSquared = Enumerable.Range(0, Logits.Length).Sum(v =>
        {
            var observed = drawn.Tokens.Count(t => t == v);
            return Math.Pow(observed - Draws * expected[v], 2) / (Draws * expected[v]);
        });
        Assert.True(chiSquared < ChiSquaredCritical5, $"χ² = {chiSquared:F1} at T = {temperature}");
    }

    [Fact]
    public void ZeroTemperature_IsArgmax()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        var logits = torch.randn([50, 17], torch.float64, generator: generator);
        var drawn = TokenSampler.Sample(logits, new SamplingConfig { Temperature = 0 }, generator);
        Assert.Equal(logits.argmax(-1).ToArray<long>(), drawn.Tokens);
        Assert.All(drawn.Entropies, h => Assert.Equal(0, h));
        Assert.All(drawn.LogProbabilities, lp => Assert.Equal(0, lp));
    }

    [Fact]
    public void TemperatureLimits_AreGreedyAndUniform()
    {
        using var scope = torch.NewDisposeScope();
        var cold = TokenSampler.Distribution(Rows(1), new SamplingConfig { Temperature = 1e-3 }).ToArray<double>();
        Assert.Equal(1, cold[3], 1e-9);
        var hot = TokenSampler.Distribution(Rows(1), new SamplingConfig { Temperature = 1e9 }).ToArray<double>();
        Assert.All(hot, p => Assert.Equal(1.0 / Logits.Length, p, 1e-8));
    }

    [Fact]
    public void TopK_NeverSamplesOutsideTheKBest()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(2);
        var drawn = TokenSampler.Sample(Rows(5_000), new SamplingConfig { Temperature = 5, TopK = 2 }, generator);
        Assert.All(drawn.Tokens, t => Assert.Contains(t, new long[] { 3, 0 }));
        Assert.Contains(0L, drawn.Tokens);
    }

    [Fact]
    public void TopP_KeepsTheSmallestSetReachingP()
    {
        using var scope = torch.NewDisposeScope();
        var full = Softmax(Logits, 1);
        var p = full[3] + full[0] / 2; // needs tokens 3 and 0
        var truncated = TokenSampler.Distribution(Rows(1), new SamplingConfig { TopP = p }).ToArray<double>();
        Assert.Equal(full[3] / (full[3] + full[0]), truncated[3], ProbabilityTol);
        Assert.Equal(full[0] / (full[3] + full[0]), truncated[0], ProbabilityTol);
        Assert.Equal(0, truncated.Where((_, v) => v is not 0 and not 3).Sum());
    }

    [Fact]
    public void Entropy_OfTheModelDistributionIsItsShannonEntropy()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        var drawn = TokenSampler.Sample(Rows(1), new SamplingConfig(), generator);
        var expected = -Softmax(Logits, 1).Sum(q => q * Math.Log(q));
        Assert.Equal(expected, drawn.Entropies[0], ProbabilityTol);
        Assert.Equal(Math.Log(Softmax(Logits, 1)[drawn.Tokens[0]]), drawn.LogProbabilities[0], ProbabilityTol);
    }

    [Fact]
    public void Config_RejectsANegativeTemperature()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingConfig { Temperature = -1 }.Validate());
        Assert.Equal("Temperature", error.ParamName);
    }
}
