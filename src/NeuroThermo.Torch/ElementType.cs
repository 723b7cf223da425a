namespace NeuroThermo.Torch;

/// <summary>
/// Which .NET type holds the elements of which dtype. bfloat16 has no .NET type of its own here,
/// so its raw 16-bit patterns travel as <see cref="ushort"/>.
/// </summary>
internal static class ElementType
{
    internal static ScalarType Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(short)) return ScalarType.Int16;
        if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
        if (typeof(T) == typeof(byte)) return ScalarType.Byte;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(Half)) return ScalarType.Float16;
        if (typeof(T) == typeof(ushort)) return ScalarType.BFloat16;
        throw new NotSupportedException($"{typeof(T).Name} is not a tensor element type");
    }

    internal static void Require<T>(ScalarType actual) where T : unmanaged
    {
        var expected = Of<T>();
        if (expected != actual)
            throw new InvalidOperationException($"the tensor holds {actual.TorchName()}, not {typeof(T).Name} ({expected.TorchName()})");
    }
}
