using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

/// <summary>
/// Builds small tensors from literals and compares tensors with expectations computed in C#
/// (hand-written constants, <see cref="Math"/>, loops), never with libtorch itself.
/// </summary>
internal static class OpAssert
{
    /// <summary>A 1-D float64 tensor.</summary>
    public static Tensor F64(params double[] values) => torch.tensor(values);

    /// <summary>A 1-D float32 tensor.</summary>
    public static Tensor F32(params float[] values) => torch.tensor(values);

    /// <summary>A 1-D int64 tensor.</summary>
    public static Tensor I64(params long[] values) => torch.tensor(values);

    /// <summary>A 1-D bool tensor.</summary>
    public static Tensor Bools(params bool[] values) => torch.tensor(values);

    /// <summary>A float64 matrix.</summary>
    public static Tensor Matrix(double[,] values) => torch.tensor(values);

    /// <summary>The elements in row-major order, converted to double.</summary>
    public static double[] Values(Tensor tensor)
    {
        using var converted = tensor.to(ScalarType.Float64);
        return converted.ToArray<double>();
    }

    /// <summary>Every element within <paramref name="tolerance"/> of the expectation (NaN matches NaN, ∞ matches ∞).</summary>
    public static void Close(double[] expected, Tensor actual, double tolerance)
    {
        var values = Values(actual);
        Assert.Equal(expected.Length, values.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            var e = expected[k];
            var a = values[k];
            var same = double.IsNaN(e) ? double.IsNaN(a)
                : double.IsInfinity(e) ? e == a
                : Math.Abs(e - a) <= tolerance;
            Assert.True(same, $"element {k}: expected {e:R}, got {a:R} (tolerance {tolerance:G3})");
        }
    }

    /// <summary>A one-element tensor within <paramref name="tolerance"/> of <paramref name="expected"/>.</summary>
    public static void Close(double expected, Tensor actual, double tolerance) => Close([expected], actual, tolerance);

    /// <summary>Close, and also of the expected shape.</summary>
    public static void Close(double[] expected, long[] shape, Tensor actual, double tolerance)
    {
        Assert.Equal(shape, actual.shape);
        Close(expected, actual, tolerance);
    }

    /// <summary>Exactly these integers, in a tensor of an integer dtype.</summary>
    public static void Equal(long[] expected, Tensor actual)
    {
        Assert.True(torch.is_integral(actual.dtype), $"expected an integer tensor, got {actual.dtype}");
        using var converted = actual.to(ScalarType.Int64);
        Assert.Equal(expected, converted.ToArray<long>());
    }

    /// <summary>Exactly these flags, in a bool tensor.</summary>
    public static void Equal(bool[] expected, Tensor actual)
    {
        Assert.Equal(ScalarType.Bool, actual.dtype);
        Assert.Equal(expected, actual.ToArray<bool>());
    }

    /// <summary>Applies <paramref name="f"/> to every element: the expectation for an element-wise op.</summary>
    public static double[] Map(double[] values, Func<double, double> f) => values.Select(f).ToArray();
}
