using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

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
            Assert.True(earlierBefore.sub(earlierAfter).abs().max().ItemAs<double>() <= CausalTol,
                $"changing position {changed} moved an earlier logit");
            Assert.True(before.select(1, changed).sub(after.select(1, changed)).abs().max().ItemAs<double>() > CausalTol,
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
        var loss = model.Loss(tokens, tokens.roll(-1, 1)).ItemAs<double>();
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

    /// <summary>
    /// Relative error allowed on the sample standard deviation of a freshly initialised matrix: with n ≥ 16,384
    /// normal entries the estimate's relative standard error is 1/√(2n) ≈ 0.55%, so 3% is over 5 standard errors,
    /// while the unscaled and scaled values (√(2L) = 2.83 apart for L = 4) are far outside it.
    /// </summary>
    private const double InitStdTol = 0.03;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ResidualProjections_StartWithTheDepthScaledStandardDeviation(bool scale)
    {
        var config = Small(AttentionKind.MultiHead) with { EmbeddingSize = 128, HeadCount = 4, LayerCount = 4, ScaleResidualInit = scale };
        using var model = new TransformerLanguageModel(config);
        var weights = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var residualStd = scale ? config.InitStd / Math.Sqrt(2 * config.LayerCount) : config.InitStd;
        foreach (var (name, expected) in new[]
                 {
                     ("blocks.0.attention.output.weight", residualStd), ("blocks.3.feedForward.project.weight", residualStd),
                     ("blocks.0.attention.queryKeyValue.weight", config.InitStd), ("blocks.3.feedForward.expand.weight", config.InitStd),
                 })
        {
            var std = weights[name].std().ItemAs<float>();
            Assert.True(Math.Abs(std / expected - 1) < InitStdTol, $"{name}: std {std}, expected {expected}");
        }
    }

    [Fact]
    public void MultiHeadProjections_AreViewsOfTheFusedMap()
    {
        using var scope = torch.NewDisposeScope();
        var config = Small(AttentionKind.MultiHead);
        using var model = new TransformerLanguageModel(config, ScalarType.Float64);
        var attention = (MultiHeadAttention)model.Blocks[0].Attention;
        var x = torch.randn([2, 3, config.EmbeddingSize], ScalarType.Float64);
        // Q, K, V of eq. 5.37 computed from the notes' matrices equal the three thirds of the fused product.
        var fused = Guarded.matmul(x, model.named_parameters().First(p => p.name == "blocks.0.attention.queryKeyValue.weight").parameter.t());
        var d = config.EmbeddingSize;
        foreach (var (matrix, third) in new[] { (attention.WQ, 0), (attention.WK, 1), (attention.WV, 2) })
            Assert.Equal(0, Guarded.matmul(x, matrix).sub(fused.narrow(-1, third * d, d)).abs().max().ItemAs<double>(), 1e-12);
    }

    [Fact]
    public void WithoutBiases_TheModelHasNoBiasOrLayerNormShift()
    {
        using var model = new TransformerLanguageModel(Small(AttentionKind.MultiHead) with { Bias = false });
        var names = model.named_parameters().Select(p => p.name).ToArray();
        Assert.DoesNotContain(names, name => name.EndsWith(".bias", StringComparison.Ordinal));
        Assert.Contains("finalNorm.weight", names);
    }
}
