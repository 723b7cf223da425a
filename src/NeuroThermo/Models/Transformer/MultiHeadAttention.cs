using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// Causal multi-head self-attention (eqs. 5.39–5.42): h heads, head i with its own W_Q^i, W_K^i, W_V^i of
/// shape (d_model, d_k), d_k = d_model / h, each attending as in eq. 5.38; the heads' outputs are
/// concatenated and multiplied by W_O (d_model, d_model). The h per-head matrices are stored side by side,
/// and W_Q, W_K, W_V side by side again, as the rows of one linear map (3·d_model, d_model): one product
/// computes the queries, keys and values of all heads (and one the gradient), instead of three.
/// </summary>
public sealed class MultiHeadAttention : torch.nn.Module<Tensor, Tensor>, ICausalAttention
{
    [ComponentName(Name = "queryKeyValue")]
    private readonly TorchSharp.Modules.Linear _queryKeyValue;
    [ComponentName(Name = "output")]
    private readonly TorchSharp.Modules.Linear _output;
    [ComponentName(Name = "attentionDropout")]
    private readonly SeededDropout _attentionDropout;
    [ComponentName(Name = "outputDropout")]
    private readonly SeededDropout _outputDropout;
    private readonly int _heads;

    public MultiHeadAttention(TransformerConfig config, ScalarType? dtype = null, Generator? generator = null) : base(nameof(MultiHeadAttention))
    {
        var d = config.EmbeddingSize;
        _heads = config.HeadCount;
        _queryKeyValue = TransformerInit.Linear(d, 3 * d, config, dtype, generator);
        _output = TransformerInit.Linear(d, d, config, dtype, generator, config.ResidualInitStd);
        _attentionDropout = new SeededDropout(config.Dropout, generator);
        _outputDropout = new SeededDropout(config.Dropout, generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>W_Q of all heads, (d_model, d_model) in the notes' orientation (x W_Q): a view of the fused map.</summary>
    public Tensor WQ => Block(0);

    /// <summary>W_K of all heads, (d_model, d_model): a view of the fused map.</summary>
    public Tensor WK => Block(1);

    /// <summary>W_V of all heads, (d_model, d_model): a view of the fused map.</summary>
    public Tensor WV => Block(2);

    /// <summary>W_O, (d_model, d_model) in the notes' orientation (heads W_O).</summary>
    public Tensor WO => _output.weight.t();

    public override Tensor forward(Tensor input) => Attend(input, null, 0);

    /// <summary>
    /// Whether attention without a cache and without attention dropout runs in libtorch's fused
    /// scaled_dot_product_attention (default) or as the explicit equations 5.38–5.42, which the tests compare it with
    /// and which second derivatives need.
    /// </summary>
    public bool UseScaledDotProductAttention { get; set; } = true;

    private Tensor Block(int index)
    {
        var d = _output.weight.size(0);
        return _queryKeyValue.weight.narrow(0, index * d, d).t(); // rows [i·d, (i+1)·d) of (3d, d), transposed
    }

    /// <inheritdoc />
    public Tensor Attend(Tensor x, KeyValueCache? cache, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var (batch, time, channels) = (x.size(0), x.size(1), x.size(2));
        var qkv = _queryKeyValue.call(x).split(channels, -1); // (B, T, 3C) -> 3 × (B, T, C)
        var q = SplitHeads(qkv[0]); // (B, nh, T, hs)
        var k = SplitHeads(qkv[1]);
        var v = SplitHeads(qkv[2]);
        Tensor heads;
        if (cache is null && UseScaledDotProductAttention && (_attentionDropout.p == 0 || !_attentionDropout.training))
        {
            // Eq. 5.38 for every head in libtorch's fused kernel (causal, scale 1/√hs): exact for this model when there
            // is no dropout to apply between the softmax and V. It has no double backward on CPU in libtorch 2.10, so
            // code that takes second derivatives turns it off and gets the explicit equations below.
            heads = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true); // (B, nh, T, hs)
        }
        else
        {
            if (cache is not null)
                (k, v) = cache.Append(layer, k, v); // (B, nh, T_past + T, hs)
            var scores = Guarded.matmul(q, k.transpose(-2, -1)).div(Math.Sqrt(q.size(-1))); // (B, nh, T, T_k)
            var weights = torch.nn.functional.softmax(CausalMask.Apply(scores), -1);
            heads = Guarded.matmul(_attentionDropout.call(weights), v); // (B, nh, T, hs)
        }
        var concatenated = heads.transpose(1, 2).contiguous().view(batch, time, channels); // (B, nh, T, hs) -> (B, T, C)
        return _outputDropout.call(_output.call(concatenated)).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor t)
    {
        var (batch, time, channels) = (t.size(0), t.size(1), t.size(2));
        return t.view(batch, time, _heads, channels / _heads).transpose(1, 2); // (B, T, C) -> (B, nh, T, hs)
    }
}
