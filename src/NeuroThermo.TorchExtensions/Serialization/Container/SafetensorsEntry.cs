namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// One tensor as a safetensors header describes it. <paramref name="Begin"/> and <paramref name="End"/>
/// are the entry's <c>"data_offsets"</c>: byte offsets relative to the start of the data section
/// (not of the file), end exclusive.
/// </summary>
public sealed record SafetensorsEntry(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Product of <see cref="Shape"/>; 1 for a scalar (shape <c>[]</c>), 0 when any dimension is 0.</summary>
    public long ElementCount => SafetensorsEntryMath.ElementCount(Shape);

    /// <summary>Bytes the tensor's data needs: <see cref="ElementCount"/> × the dtype's element size.</summary>
    public long ByteLength => checked(ElementCount * DType.ElementSize());
}

internal static class SafetensorsEntryMath
{
    /// <summary>
    /// Element count of a shape with non-negative dimensions. A zero dimension makes the count 0 whatever
    /// the others are, so only shapes whose true product overflows throw <see cref="OverflowException"/>.
    /// </summary>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        if (shape.Contains(0))
        {
            return 0;
        }
        long count = 1;
        foreach (long dimension in shape)
        {
            count = checked(count * dimension);
        }
        return count;
    }
}
