using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Transformer;

public sealed class TokenGeneratorTests
{
    private const double LogProbabilityTol = 1e-9;

    private static TransformerLanguageModel NewModel(AttentionKind attention, Generator generator) => new(new TransformerConfig
    {
        VocabularySize = 11, ContextLength = 8, EmbeddingSize = 16, LayerCount = 2, HeadCount = 4,
        Attention = attention, InitStd = 0.5, TieWeights = false, // untied: a tied random model just repeats its input
    }, torch.float64, generator);

    [Theory]
    [InlineData(AttentionKind.SingleHead, ContextWindow.Slide)]
    [InlineData(AttentionKind.MultiHead, ContextWindow.Slide)]
    [InlineData(AttentionKind.SingleHead, ContextWindow.Refill)]
    [InlineData(AttentionKind.MultiHead, ContextWindow.Refill)]
    public void CachedGeneration_EqualsFullContextGenerationAtZeroTemperature(AttentionKind attention, ContextWindow window)
    {
        using var generator = new Generator(8);
        using var model = NewModel(attention, generator);
        long[][] prompt = [[1, 2, 3], [4, 4, 0]];
        var greedy = new SamplingConfig { Temperature = 0 };
        // 14 new tokens run past the context of 8, so the window moves (and the cache is rebuilt) on the way.
        var cached = TokenGenerator.Generate(model, prompt, 14, greedy, generator, useCache: true, window);
        var full = TokenGenerator.Generate(model, prompt, 14, greedy, generator, useCache: false, window);
        Assert.Equal(full.Tokens, cached.Tokens);
        Assert.Equal(full.LogProbabilities[0], cached.LogProbabilities[0], LogProbabilityTol);
        Assert.True(full.Tokens.SelectMany(row => row.Skip(3)).Distinct().Count() > 1, $"a degenerate model would make this test vacuous: {string.Join(" | ", full.Tokens.Select(r => string.Join(",", r)))}");
    }

    [Fact]
    public void Refill_ConditionsOnFewerTokensThanSlidePastTheContext()
    {
        // At T = 1 the log-probability of the same continuation differs once the windows differ (after 8 tokens),
        // and agrees before: the policies are different distributions only past the context.
        using var modelGenerator = new Generator(12);
        using var model = NewModel(AttentionKind.MultiHead, modelGenerator);
        double LogP(ContextWindow window, int count)
        {
            using var generator = new Generator(5);
            return TokenGenerator.Generate(model, [[1, 2]], count, new SamplingConfig(), generator, window: window).LogProbabilities[0];
        }
        Assert.Equal(LogP(ContextWindow.Slide, 6), LogP(ContextWindow.Refill, 6), LogProbabilityTol);
        Assert.NotEqual(LogP(ContextWindow.Slide, 12), LogP(ContextWindow.Refill, 12), LogProbabilityTol);
    }

    [Fact]
    public void OnToken_ReceivesEveryDrawnTokenInOrder()
    {
        using var generator = new Generator(13);
        using var model = NewModel(AttentionKind.MultiHead, generator);
        var streamed = new List<long>();
        var generated = TokenGenerator.Generate(model, [[3]], 9, new SamplingConfig(), generator, onToken: tokens => streamed.Add(tokens[0]));
        Assert.Equal(generated.Tokens[0][1..], streamed);
    }

    [Fact]
    public void SequenceLogProbability_IsTheChainRuleOfTheModel()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(9);
        using var model = NewModel(AttentionKind.MultiHead, generator);
        var generated = TokenGenerator.Generate(model, [[5]], 7, new SamplingConfig(), generator);
        var row = generated.Tokens[0];
        // −L·n is Σ ln p(x_t | x_<t) over the n predicted tokens.
        var inputs = torch.tensor(row[..^1], [1, row.Length - 1]);
        var targets = torch.tensor(row[1..], [1, row.Length - 1]);
        double expected;
        using (torch.no_grad())
            expected = -model.Loss(inputs, targets).ItemAs<double>() * (row.Length - 1);
        Assert.Equal(expected, generated.LogProbabilities[0], LogProbabilityTol);
        Assert.All(generated.Entropies[0], h => Assert.InRange(h, 0, Math.Log(11) + 1e-12));
    }

    [Fact]
    public void Generation_IsReproducibleFromTheSeed()
    {
        using var modelGenerator = new Generator(10);
        using var model = NewModel(AttentionKind.MultiHead, modelGenerator);
        using var first = new Generator(77);
        using var second = new Generator(77);
        var a = TokenGenerator.Generate(model, [[1]], 10, new SamplingConfig { TopK = 5 }, first);
        var b = TokenGenerator.Generate(model, [[1]], 10, new SamplingConfig { TopK = 5 }, second);
        Assert.Equal(a.Tokens, b.Tokens);
    }
}
