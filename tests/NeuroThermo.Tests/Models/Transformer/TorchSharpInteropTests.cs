using NeuroThermo.Models.Transformer;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;

namespace NeuroThermo.Tests.Models.Transformer;

/// <summary>The language model as a TorchSharp user meets it: README's example, and the model inside a module of theirs.</summary>
public sealed class TorchSharpInteropTests
{
    private const int Vocabulary = 65;

    [Fact]
    public void ReadmeExample_TrainsOneStep_AndLowersTheLossOnThatBatch()
    {
        var config = new TransformerConfig { VocabularySize = Vocabulary, ContextLength = 64, Dropout = 0 };
        using var model = new TransformerLanguageModel(config, generator: new Generator(1337));
        model.to(CPU);
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-3);

        using var scope = NewDisposeScope();
        var tokens = randint(0, Vocabulary, [8, 65], generator: new Generator(7));
        Tensor Loss() => nn.functional.cross_entropy(model.call(tokens[.., ..64]).reshape(-1, Vocabulary), tokens[.., 1..].reshape(-1));
        var before = Loss();
        before.backward();
        optimizer.step();
        using (no_grad())
        {
            var after = Loss();
            Assert.True(after.ItemAs<double>() < before.ItemAs<double>(), $"one AdamW step did not lower the batch loss ({before.ItemAs<double>()} -> {after.ItemAs<double>()})");
        }
    }

    [Fact]
    public void Model_InsideAUsersModule_ExposesItsParametersUnderTheUsersPrefix_AndItsCheckpointKeys()
    {
        var config = new TransformerConfig { VocabularySize = Vocabulary, ContextLength = 16, EmbeddingSize = 32, LayerCount = 2, HeadCount = 2 };
        using var model = new TransformerLanguageModel(config, generator: new Generator(3));
        using var wrapper = new UsersModel(model);
        var ownKeys = model.state_dict().Keys.ToHashSet();
        var wrapped = wrapper.state_dict().Keys.ToList();

        Assert.Contains("tokenEmbedding.weight", ownKeys);
        Assert.Contains("blocks.0.attention.queryKeyValue.weight", ownKeys);
        Assert.DoesNotContain(ownKeys, key => key.Contains('_', StringComparison.Ordinal) && key.Split('.').Any(part => part.StartsWith('_')));
        Assert.Equal(ownKeys.Select(k => "lm." + k).Append("scale").Order(), wrapped.Order());
        Assert.Equal(model.parameters().Count() + 1, wrapper.parameters().Count());

        using var scope = NewDisposeScope();
        var logits = wrapper.call(randint(0, Vocabulary, [2, 16], generator: new Generator(5)));
        Assert.Equal(new long[] { 2, 16, Vocabulary }, logits.shape);
    }

    private sealed class UsersModel : nn.Module<Tensor, Tensor>
    {
        private readonly TransformerLanguageModel lm;
        private readonly TorchSharp.Modules.Parameter scale;

        public UsersModel(TransformerLanguageModel model) : base(nameof(UsersModel))
        {
            lm = model;
            scale = NeuroThermo.TorchExtensions.Nn.Parameters.Create(ones(1));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => lm.call(input) * scale;
    }
}
