namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// Element types a safetensors file can declare in an entry's <c>"dtype"</c> field.
/// Each member's name is exactly the string stored in the file.
/// </summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    /// <summary>One byte per element; the format stores 0 or 1 but this layer does not inspect values.</summary>
    BOOL,
}

/// <summary>Element sizes and on-disk names of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypeExtensions
{
    /// <summary>Every dtype in the order the format's documentation lists them, for messages and tests.</summary>
    public static IReadOnlyList<SafetensorsDType> All { get; } =
    [
        SafetensorsDType.F64, SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.BF16,
        SafetensorsDType.I64, SafetensorsDType.I32, SafetensorsDType.I16, SafetensorsDType.I8,
        SafetensorsDType.U8, SafetensorsDType.BOOL,
    ];

    /// <summary>Bytes one element occupies in the data section.</summary>
    public static int ElementSize(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I16 => 2,
        SafetensorsDType.I8 or SafetensorsDType.U8 or SafetensorsDType.BOOL => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    /// <summary>The string stored in the header's <c>"dtype"</c> field, e.g. <c>"BF16"</c>.</summary>
    public static string ToFormatName(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => "F64",
        SafetensorsDType.F32 => "F32",
        SafetensorsDType.F16 => "F16",
        SafetensorsDType.BF16 => "BF16",
        SafetensorsDType.I64 => "I64",
        SafetensorsDType.I32 => "I32",
        SafetensorsDType.I16 => "I16",
        SafetensorsDType.I8 => "I8",
        SafetensorsDType.U8 => "U8",
        SafetensorsDType.BOOL => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    /// <summary>
    /// Parses a header's <c>"dtype"</c> string. Matching is exact and case-sensitive, as in the format;
    /// unlike <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/> it never accepts numbers.
    /// </summary>
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        foreach (SafetensorsDType candidate in All)
        {
            if (string.Equals(candidate.ToFormatName(), name, StringComparison.Ordinal))
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }
}
