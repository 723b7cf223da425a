namespace NeuroThermo.Torch;

/// <summary>
/// One entry of an index expression, as in PyTorch's <c>t[0, 1:3, ..., None, mask]</c>:
/// an integer, a slice (C# ranges convert), an ellipsis, a new axis, or an index/mask tensor.
/// </summary>
public readonly struct TensorIndex
{
    internal enum Kind { Single, Slice, Ellipsis, NewAxis, Tensor }

    internal readonly Kind Type;
    internal readonly long Index;
    internal readonly long? Start;
    internal readonly long? Stop;
    internal readonly long Step;
    internal readonly Tensor? Tensor;

    private TensorIndex(Kind type, long index = 0, long? start = null, long? stop = null, long step = 1, Tensor? tensor = null)
    {
        Type = type;
        Index = index;
        Start = start;
        Stop = stop;
        Step = step;
        Tensor = tensor;
    }

    /// <summary>One position (negative counts from the end); removes the dimension.</summary>
    public static TensorIndex Single(long index) => new(Kind.Single, index);

    /// <summary>Positions start, start+step, … before stop; null bounds mean the ends.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) =>
        step > 0 ? new(Kind.Slice, start: start, stop: stop, step: step)
                 : throw new ArgumentOutOfRangeException(nameof(step), step, "slice step must be positive");

    /// <summary>As many whole dimensions as needed (<c>...</c>).</summary>
    public static readonly TensorIndex Ellipsis = new(Kind.Ellipsis);

    /// <summary>A new dimension of size 1 (<c>None</c>).</summary>
    public static readonly TensorIndex None = new(Kind.NewAxis);

    /// <summary>Every position of one dimension (<c>:</c>).</summary>
    public static readonly TensorIndex Colon = Slice();

    public static implicit operator TensorIndex(long index) => Single(index);
    public static implicit operator TensorIndex(int index) => Single(index);
    public static implicit operator TensorIndex(Tensor tensor) => new(Kind.Tensor, tensor: tensor);

    /// <summary>A C# index: <c>^1</c> is the last position, as −1 is in PyTorch.</summary>
    public static implicit operator TensorIndex(Index index) =>
        !index.IsFromEnd ? Single(index.Value)
        : index.Value > 0 ? Single(-index.Value)
        : throw new ArgumentOutOfRangeException(nameof(index), "^0 is one past the last position");

    public static implicit operator TensorIndex(Range range)
    {
        // ^0 is the end of the dimension: no bound as a stop, and a start past every element
        // (slice clamps it to the size, so x[^0..] is empty as in Python's x[len(x):]).
        static long? Bound(Index i, bool isEnd) =>
            i.IsFromEnd ? (i.Value == 0 ? (isEnd ? null : long.MaxValue) : -i.Value) : i.Value;
        return Slice(Bound(range.Start, false), Bound(range.End, true));
    }
}
