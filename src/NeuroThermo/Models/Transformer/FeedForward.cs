using NeuroThermo.Torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>GPT's position-wise MLP: d_model → m·d_model, GELU, → d_model, dropout.</summary>
public sealed class FeedForward : torch.nn.Module<Tensor, Tensor>
{
    private readonly torch.nn.Linear _expand;
    private readonly torch.nn.Linear _project;
    private readonly torch.nn.Dropout _dropout;

    public FeedForward(TransformerConfig config, ScalarType? dtype = null, Generator? generator = null)
    {
        var hidden = config.EmbeddingSize * config.FeedForwardMultiple;
        _expand = TransformerInit.Linear(config.EmbeddingSize, hidden, config, dtype, generator);
        _project = TransformerInit.Linear(hidden, config.EmbeddingSize, config, dtype, generator, config.ResidualInitStd);
        _dropout = new torch.nn.Dropout(config.Dropout, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = _expand.call(input).gelu(); // (B, T, m·C)
        return _dropout.call(_project.call(hidden)).MoveToOuterDisposeScope(); // (B, T, C)
    }
}
