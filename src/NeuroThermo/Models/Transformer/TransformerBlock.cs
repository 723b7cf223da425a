using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// One block: x ← x + Attention(LN(x)), then x ← x + MLP(LN(x)) (pre-LN, as GPT-2). With the config's
/// switches off it is the notes' bare x ← Attention(x).
/// </summary>
public sealed class TransformerBlock : torch.nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "attentionNorm")]
    private readonly ManagedLayerNorm? _attentionNorm;
    [ComponentName(Name = "attention")]
    private readonly torch.nn.Module<Tensor, Tensor> _attention;
    [ComponentName(Name = "feedForwardNorm")]
    private readonly ManagedLayerNorm? _feedForwardNorm;
    [ComponentName(Name = "feedForward")]
    private readonly FeedForward? _feedForward;
    private readonly bool _residual;

    public TransformerBlock(TransformerConfig config, ScalarType? dtype = null, Generator? generator = null) : base(nameof(TransformerBlock))
    {
        _residual = config.Residual;
        _attentionNorm = config.LayerNorm ? TransformerInit.LayerNorm(config, dtype) : null;
        _attention = config.Attention == AttentionKind.SingleHead
            ? new SingleHeadAttention(config, dtype, generator)
            : new MultiHeadAttention(config, dtype, generator);
        if (config.FeedForward)
        {
            _feedForwardNorm = config.LayerNorm ? TransformerInit.LayerNorm(config, dtype) : null;
            _feedForward = new FeedForward(config, dtype, generator);
        }
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>The block's attention layer.</summary>
    public ICausalAttention Attention => (ICausalAttention)_attention;

    public override Tensor forward(Tensor input) => Forward(input, null, 0);

    /// <summary>(B, T, C) → (B, T, C); with a cache, T new positions after the cached ones.</summary>
    public Tensor Forward(Tensor x, KeyValueCache? cache, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var attended = Attention.Attend(Normalize(_attentionNorm, x), cache, layer);
        x = _residual ? x.add(attended) : attended;
        if (_feedForward is not null)
        {
            var fed = _feedForward.call(Normalize(_feedForwardNorm, x));
            x = _residual ? x.add(fed) : fed;
        }
        return x.MoveToOuterDisposeScope();
    }

    private static Tensor Normalize(ManagedLayerNorm? norm, Tensor x) => norm is null ? x : norm.call(x);
}
