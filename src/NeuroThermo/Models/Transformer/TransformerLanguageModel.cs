using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// A causal transformer language model. Token t at position p enters as x = W_E[t] + W_P[p] (eq. 5.35),
/// passes through <see cref="TransformerConfig.LayerCount"/> blocks of causal self-attention, and leaves
/// as logits z = h W_outᵀ over the vocabulary (eq. 5.44), W_out = W_E when weights are tied. The loss is
/// the cross-entropy of the next token (eq. 5.48).
/// </summary>
public sealed class TransformerLanguageModel : torch.nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "tokenEmbedding")]
    private readonly ManagedEmbedding _tokenEmbedding;
    [ComponentName(Name = "positionEmbedding")]
    private readonly ManagedEmbedding _positionEmbedding;
    [ComponentName(Name = "embeddingDropout")]
    private readonly SeededDropout _embeddingDropout;
    [ComponentName(Name = "blocks")]
    private readonly TorchSharp.Modules.ModuleList<TransformerBlock> _blocks;
    [ComponentName(Name = "finalNorm")]
    private readonly ManagedLayerNorm? _finalNorm;
    [ComponentName(Name = "outputLayer")]
    private readonly TorchSharp.Modules.Linear? _outputLayer;

    public TransformerLanguageModel(TransformerConfig config, ScalarType? dtype = null, Generator? generator = null) : base(nameof(TransformerLanguageModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _tokenEmbedding = TransformerInit.Embedding(config.VocabularySize, config.EmbeddingSize, config, dtype, generator);
        _positionEmbedding = TransformerInit.Embedding(config.ContextLength, config.EmbeddingSize, config, dtype, generator);
        _embeddingDropout = new SeededDropout(config.Dropout, generator);
        _blocks = new TorchSharp.Modules.ModuleList<TransformerBlock>();
        for (var layer = 0; layer < config.LayerCount; layer++)
            _blocks.Add(new TransformerBlock(config, dtype, generator));
        _finalNorm = config.LayerNorm ? TransformerInit.LayerNorm(config, dtype) : null;
        _outputLayer = config.TieWeights
            ? null
            : TransformerInit.Linear(config.EmbeddingSize, config.VocabularySize, config with { Bias = false }, dtype, generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    public TransformerConfig Config { get; }

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<TransformerBlock> Blocks => new System.Collections.ObjectModel.ReadOnlyCollection<TransformerBlock>(_blocks);

    /// <summary>Logits (B, T, V) for token ids (B, T), T ≤ ContextLength.</summary>
    public override Tensor forward(Tensor input) => Forward(input, null);

    /// <summary>
    /// Logits (B, T, V) of T new tokens; with a cache they sit after the cached positions, and their keys
    /// and values are appended to it. Cached plus new positions must fit in the context.
    /// </summary>
    public Tensor Forward(Tensor tokens, KeyValueCache? cache)
    {
        var start = cache?.Length ?? 0;
        var time = tokens.size(1);
        if (start + time > Config.ContextLength)
            throw new ArgumentOutOfRangeException(nameof(tokens),
                $"{start} cached + {time} new positions exceed the context length {Config.ContextLength}.");
        using var scope = torch.NewDisposeScope();
        var positions = torch.arange(start, start + time, dtype: ScalarType.Int64); // (T)
        var x = _embeddingDropout.call(_tokenEmbedding.call(tokens).add(_positionEmbedding.call(positions))); // (B, T, C)
        for (var layer = 0; layer < _blocks.Count; layer++)
            x = _blocks[layer].Forward(x, cache, layer);
        if (_finalNorm is not null)
            x = _finalNorm.call(x);
        var logits = _outputLayer is null ? Guarded.matmul(x, _tokenEmbedding.weight!.t()) : _outputLayer.call(x); // (B, T, V)
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Mean next-token cross-entropy (eq. 5.48) of tokens (B, T) against targets (B, T).</summary>
    public Tensor Loss(Tensor tokens, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        var logits = Forward(tokens, null);
        var (batch, time, vocabulary) = (logits.size(0), logits.size(1), logits.size(2));
        var loss = CrossEntropy.Loss(logits.view(batch * time, vocabulary), targets.reshape(batch * time)); // (B, T, V) -> (B·T, V)
        return loss.MoveToOuterDisposeScope();
    }
}
