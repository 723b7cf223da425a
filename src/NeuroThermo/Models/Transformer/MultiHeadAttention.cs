using NeuroThermo.Torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// Causal multi-head self-attention (eqs. 5.39–5.42): h heads, head i with its own W_Q^i, W_K^i, W_V^i of
/// shape (d_model, d_k), d_k = d_model / h, each attending as in eq. 5.38; the heads' outputs are
/// concatenated and multiplied by W_O (d_model, d_model). The h per-head matrices are stored side by side
/// as the columns of one linear map each, which computes all heads in one product.
/// </summary>
public sealed class MultiHeadAttention : torch.nn.Module<Tensor, Tensor>, ICausalAttention
{
    private readonly torch.nn.Linear _query;
    private readonly torch.nn.Linear _key;
    private readonly torch.nn.Linear _value;
    private readonly torch.nn.Linear _output;
    private readonly torch.nn.Dropout _attentionDropout;
    private readonly torch.nn.Dropout _outputDropout;
    private readonly int _heads;

    public MultiHeadAttention(TransformerConfig config, ScalarType? dtype = null, Generator? generator = null)
    {
        var d = config.EmbeddingSize;
        _heads = config.HeadCount;
        _query = TransformerInit.Linear(d, d, config, dtype, generator);
        _key = TransformerInit.Linear(d, d, config, dtype, generator);
        _value = TransformerInit.Linear(d, d, config, dtype, generator);
        _output = TransformerInit.Linear(d, d, config, dtype, generator);
        _attentionDropout = new torch.nn.Dropout(config.Dropout, generator);
        _outputDropout = new torch.nn.Dropout(config.Dropout, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => Attend(input, null, 0);

    /// <inheritdoc />
    public Tensor Attend(Tensor x, KeyValueCache? cache, int layer)
    {
        using var scope = torch.NewDisposeScope();
        var (batch, time, channels) = (x.size(0), x.size(1), x.size(2));
        var q = SplitHeads(_query.call(x)); // (B, nh, T, hs)
        var k = SplitHeads(_key.call(x));
        var v = SplitHeads(_value.call(x));
        if (cache is not null)
            (k, v) = cache.Append(layer, k, v); // (B, nh, T_past + T, hs)
        var scores = q.matmul(k.transpose(-2, -1)).div(Math.Sqrt(q.size(-1))); // (B, nh, T, T_k)
        var weights = torch.nn.functional.softmax(CausalMask.Apply(scores), -1);
        var heads = _attentionDropout.call(weights).matmul(v); // (B, nh, T, hs)
        var concatenated = heads.transpose(1, 2).contiguous().view(batch, time, channels); // (B, nh, T, hs) -> (B, T, C)
        return _outputDropout.call(_output.call(concatenated)).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor t)
    {
        var (batch, time, channels) = (t.size(0), t.size(1), t.size(2));
        return t.view(batch, time, _heads, channels / _heads).transpose(1, 2); // (B, T, C) -> (B, nh, T, hs)
    }
}
