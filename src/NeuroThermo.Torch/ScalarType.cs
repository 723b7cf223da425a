namespace NeuroThermo.Torch;

/// <summary>Element types; the values are libtorch's c10::ScalarType codes.</summary>
public enum ScalarType : sbyte
{
    Byte = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    ComplexFloat32 = 9,
    ComplexFloat64 = 10,
    Bool = 11,
    BFloat16 = 15,
}

/// <summary>Facts about element types.</summary>
public static class ScalarTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType dtype) => dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>True for float16, bfloat16, float32 and float64.</summary>
    public static bool IsFloatingPoint(this ScalarType dtype) =>
        dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    /// <summary>True for the integer types and bool.</summary>
    public static bool IsIntegral(this ScalarType dtype, bool includeBool = false) =>
        dtype is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64
        || (includeBool && dtype == ScalarType.Bool);

    /// <summary>The name PyTorch prints (<c>torch.float32</c>).</summary>
    public static string TorchName(this ScalarType dtype) => "torch." + dtype switch
    {
        ScalarType.Byte => "uint8",
        ScalarType.ComplexFloat32 => "complex64",
        ScalarType.ComplexFloat64 => "complex128",
        _ => dtype.ToString().ToLowerInvariant(),
    };
}
