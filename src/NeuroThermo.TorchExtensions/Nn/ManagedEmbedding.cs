using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// A lookup table of <c>count</c> vectors of size <c>dimension</c>, key <c>weight</c> (count, dimension): row i of
/// the table for token i. TorchSharp's Embedding is a native module whose parameter, registered lazily, is
/// disposed with the dispose scope it was first looked at in (measured: built inside a scope, it reports no
/// parameters afterwards, so an optimizer would skip it); this one is an ordinary managed module.
/// </summary>
public sealed class ManagedEmbedding : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "weight")]
    private readonly Parameter _weight;

    /// <summary>A table whose rows are <paramref name="weight"/>'s (shared, not copied).</summary>
    public ManagedEmbedding(Tensor weight) : base(nameof(ManagedEmbedding))
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() != 2) throw new ArgumentException($"An embedding table is (count, dimension); got {weight.dim()} dimensions.", nameof(weight));
        _weight = Parameters.Create(weight);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>The table, (count, dimension).</summary>
    public Parameter weight => _weight;

    /// <summary>Rows of the table for token ids of any shape S: S → (S…, dimension).</summary>
    public override Tensor forward(Tensor input)
    {
        using var flat = input.reshape(-1);
        using var rows = _weight.index_select(0, flat); // (numel(S), dimension)
        return rows.reshape([.. input.shape, _weight.shape[1]]);
    }
}
