using NeuroThermo.Models.Transformer;
using NeuroThermo.Torch;

namespace NeuroThermo.Tests.Models.Transformer;

public sealed class TransformerLanguageModelTests
{
    /// <summary>Earlier logits may differ from themselves only by rounding when a later token changes.</summary>
    private const double CausalTol = 1e-12;

    private static TransformerConfig Small(AttentionKind attention) => new()
    {
        VocabularySize = 13, ContextLength = 8, EmbeddingSize = 12, LayerCount = 2, HeadCount = 3,
        Attention = attention, Dropout = 0,
    };

    public static TheoryData<AttentionKind, bool> Variants() => new()
    {
        { AttentionKind.SingleHead, true }, { AttentionKind.SingleHead, false },
        { AttentionKind.MultiHead, true }, { AttentionKind.MultiHead, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void ChangingAFutureToken_NeverChangesAnEarlierLogit(AttentionKind attention, bool gptExtras)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        var config = Small(attention) with { Residual = gptExtras, LayerNorm = gptExtras, FeedForward = gptExtras };
        using var model = new TransformerLanguageModel(config, torch.float64, generator);
        model.eval();
        var ids = torch.randint(0, 13, [2, 8], generator: generator).ToArray<long>();
        var before = model.call(torch.tensor(ids, [2, 8]));
        for (var changed = 1; changed < 8; changed++)
        {
            var altered = (long[])ids.Clone();
            altered[changed] = (altered[changed] + 1) % 13;       // row 0
            altered[8 + changed] = (altered[8 + changed] + 5) % 13; // row 1
            var after = model.call(torch.tensor(altered, [2, 8]));
            var earlierBefore = before.narrow(1, 0, changed);
            var earlierAfter = after.narrow(1, 0, changed);
            Assert.True(earlierBefore.sub(earlierAfter).abs().max().item<double>() <= CausalTol,
                $"changing position {changed} moved an earlier logit");
            Assert.True(before.select(1, changed).sub(after.select(1, changed)).abs().max().item<double>() > CausalTol,
                $"changing position {changed} should move its own logit");
        }
    }

    [Fact]
    public void LossAtInitialisation_IsNearLnV()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(4);
        using var model = new TransformerLanguageModel(Small(AttentionKind.MultiHead), torch.float64, generator);
        var tokens = torch.randint(0, 13, [4, 8], generator: generator);
        var loss = model.Loss(tokens, tokens.roll(-1, 1)).item<double>();
        Assert.InRange(loss, Math.Log(13) - 0.2, Math.Log(13) + 0.2);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parameters_DependOnWeightTying(bool tie)
    {
        using var model = new TransformerLanguageModel(Small(AttentionKind.SingleHead) with { TieWeights = tie });
        var names = model.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(!tie, names.Contains("outputLayer.weight"));
        Assert.Contains("blocks.0.attention.wQ", names);
    }

    [Fact]
    public void Config_RejectsHeadsThatDoNotDivideTheWidth()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new TransformerLanguageModel(Small(AttentionKind.MultiHead) with { HeadCount = 5 }));
        Assert.Equal("HeadCount", error.ParamName);
    }
}
