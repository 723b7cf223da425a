using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling.Langevin;

/// <summary>
/// Equal rectangular bins over a box in ℝ^d, bins[0] × bins[1] × …, flattened row-major (the last axis fastest),
/// plus one last cell for everything outside the box. Samples and quadrature points are binned by the same
/// <see cref="CellOf"/>, so a histogram and its exact bin probabilities cannot disagree on a bin edge.
/// </summary>
public sealed class HistogramGrid
{
    private readonly double[] _lower, _upper;
    private readonly int[] _bins;

    public HistogramGrid(IReadOnlyList<double> lower, IReadOnlyList<double> upper, IReadOnlyList<int> bins)
    {
        if (lower.Count == 0 || upper.Count != lower.Count || bins.Count != lower.Count)
            throw new ArgumentException("Give the lower corner, the upper corner and the bin counts for the same dimensions, at least one.", nameof(bins));
        for (var i = 0; i < lower.Count; i++)
        {
            if (!double.IsFinite(lower[i]) || !double.IsFinite(upper[i]) || !(upper[i] > lower[i]))
                throw new ArgumentOutOfRangeException(nameof(upper), $"Axis {i}: the box [{lower[i]}, {upper[i]}] must be finite and non-empty.");
            if (bins[i] < 1) throw new ArgumentOutOfRangeException(nameof(bins), $"Axis {i}: at least one bin.");
        }
        _lower = lower.ToArray();
        _upper = upper.ToArray();
        _bins = bins.ToArray();
    }

    /// <summary>d.</summary>
    public int Dimension => _bins.Length;

    /// <summary>Bins inside the box, Π bins[i].</summary>
    public int InsideCells => _bins.Aggregate(1, (a, b) => a * b);

    /// <summary>Inside cells plus the one outside cell (index <see cref="InsideCells"/>).</summary>
    public int Cells => InsideCells + 1;

    public IReadOnlyList<double> Lower => _lower;

    public IReadOnlyList<double> Upper => _upper;

    public IReadOnlyList<int> Bins => _bins;

    /// <summary>Width of the bins along <paramref name="axis"/>.</summary>
    public double Width(int axis) => (_upper[axis] - _lower[axis]) / _bins[axis];

    /// <summary>The cell of each point (N, d) → (N,) int64; points outside the box get <see cref="InsideCells"/>.</summary>
    public Tensor CellOf(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimension)
            throw new ArgumentException($"Expected points of shape (N, {Dimension}), got ({string.Join(", ", x.shape)}).", nameof(x));
        using var scope = torch.NewDisposeScope();
        var flat = torch.zeros([x.shape[0]], torch.int64);
        var inside = torch.ones([x.shape[0]], torch.@bool);
        for (var axis = 0; axis < Dimension; axis++)
        {
            var index = ((x.select(1, axis) - _lower[axis]) / Width(axis)).floor();
            inside = inside & (index >= 0) & (index < _bins[axis]);
            flat = flat * _bins[axis] + index.clamp(0, _bins[axis] - 1).to(torch.int64);
        }
        return torch.where(inside, flat, torch.full_like(flat, InsideCells)).MoveToOuterDisposeScope();
    }

    /// <summary>How many points (N, d) fall in each cell.</summary>
    public long[] Count(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var cells = CellOf(x);
        return torch.zeros([Cells], torch.int64).scatter_add(0, cells, torch.ones_like(cells)).ToArray<long>();
    }
}
