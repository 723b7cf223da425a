namespace NeuroThermo.Torch;

// t[…] reads and writes, built from select, slice, unsqueeze and advanced indexing.
public partial class Tensor
{
    /// <summary>Indexes like PyTorch: integers, ranges, Ellipsis, None and index/mask tensors.</summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => Index(indices);
        set
        {
            var (view, advanced) = BasicIndex(indices);
            using (view)
            {
                if (advanced is null) view.copy_(value);
                else view.index_put_(advanced, value);
            }
        }
    }

    /// <summary>Writes a scalar into every indexed position.</summary>
    public void Fill(TensorIndex[] indices, Scalar value)
    {
        var (view, advanced) = BasicIndex(indices);
        using (view)
        {
            if (advanced is null)
            {
                view.fill_(value);
                return;
            }
            using var values = torch.full([], value, view.dtype);
            view.index_put_(advanced, values);
        }
    }

    private Tensor Index(TensorIndex[] indices)
    {
        var (view, advanced) = BasicIndex(indices);
        if (advanced is null) return view;
        using (view) return view.index(advanced);
    }

    // Applies integers, slices, ellipsis and new axes as views; returns the tensor indices (if any)
    // positioned for a single advanced-indexing call on that view.
    private (Tensor View, Tensor?[]? Advanced) BasicIndex(TensorIndex[] indices)
    {
        var ellipses = indices.Count(i => i.Type == TensorIndex.Kind.Ellipsis);
        if (ellipses > 1) throw new ArgumentException("an index can have only one ellipsis", nameof(indices));
        var consumed = indices.Sum(i => i.Type switch
        {
            TensorIndex.Kind.Single or TensorIndex.Kind.Slice => 1,
            TensorIndex.Kind.Tensor => i.Tensor!.dtype == ScalarType.Bool ? (int)i.Tensor.dim() : 1,
            _ => 0,
        });
        var rank = (int)dim();
        if (consumed > rank) throw new IndexOutOfRangeException($"too many indices for a tensor of dimension {rank}");

        var view = alias();
        var advanced = new List<Tensor?>();
        var anyAdvanced = false;
        var d = 0;
        foreach (var index in indices)
        {
            Tensor next;
            switch (index.Type)
            {
                case TensorIndex.Kind.Single:
                    next = view.select(d, index.Index);
                    break;
                case TensorIndex.Kind.Slice:
                    next = view.slice(d, index.Start, index.Stop, index.Step);
                    advanced.Add(null);
                    d++;
                    break;
                case TensorIndex.Kind.NewAxis:
                    next = view.unsqueeze(d);
                    advanced.Add(null);
                    d++;
                    break;
                case TensorIndex.Kind.Ellipsis:
                    var skip = rank - consumed;
                    for (var k = 0; k < skip; k++) advanced.Add(null);
                    d += skip;
                    continue;
                default:
                    advanced.Add(index.Tensor);
                    anyAdvanced = true;
                    d += index.Tensor!.dtype == ScalarType.Bool ? (int)index.Tensor.dim() : 1;
                    continue;
            }
            view.Dispose();
            view = next;
        }
        if (!anyAdvanced) return (view, null);
        while (advanced.Count > 0 && advanced[^1] is null) advanced.RemoveAt(advanced.Count - 1);
        return (view, advanced.ToArray());
    }
}
