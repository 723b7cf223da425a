using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Models.Transformer;

/// <summary>GPT's position-wise MLP: d_model → m·d_model, GELU, → d_model, dropout.</summary>
public sealed class FeedForward : torch.nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "expand")]
    private readonly TorchSharp.Modules.Linear _expand;
    [ComponentName(Name = "project")]
    private readonly TorchSharp.Modules.Linear _project;
    [ComponentName(Name = "dropout")]
    private readonly SeededDropout _dropout;

    public FeedForward(TransformerConfig config, ScalarType? dtype = null, Generator? generator = null) : base(nameof(FeedForward))
    {
        var hidden = config.EmbeddingSize * config.FeedForwardMultiple;
        _expand = TransformerInit.Linear(config.EmbeddingSize, hidden, config, dtype, generator);
        _project = TransformerInit.Linear(hidden, config.EmbeddingSize, config, dtype, generator, config.ResidualInitStd);
        _dropout = new SeededDropout(config.Dropout, generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = _expand.call(input).gelu(); // (B, T, m·C)
        return _dropout.call(_project.call(hidden)).MoveToOuterDisposeScope(); // (B, T, C)
    }
}
