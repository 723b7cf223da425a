using System.Globalization;
using System.Numerics;
using System.Text;

namespace NeuroThermo.Torch;

/// <summary>
/// Prints tensors exactly as PyTorch 1.13 does (torch/_tensor_str.py with its default options):
/// <c>tensor([[1.0000, 2.5000], …])</c>, four decimals, scientific notation when the magnitudes
/// span more than three decades, integer-valued floats as <c>1.</c>, rows wrapped at 80 columns,
/// the dtype when it is not a default one, and "…" past 1,000 elements.
/// </summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;
    private const int LineWidth = 80;
    private const int Precision = 4;
    private const string Prefix = "tensor(";

    internal static string Format(Tensor tensor)
    {
        if (tensor.IsInvalid) return "tensor(<disposed>)";
        using var scope = torch.NewDisposeScope();
        var dtype = tensor.dtype;
        var shape = tensor.shape;
        var suffixes = new List<string>();
        string body;
        if (tensor.numel() == 0)
        {
            // No element shows the dtype, so it is printed unless it is the default float32.
            body = "[]";
            if (shape.Length != 1) suffixes.Add($"size=({string.Join(", ", shape)})");
            if (dtype != ScalarType.Float32) suffixes.Add($"dtype={dtype.TorchName()}");
        }
        else
        {
            var summarize = tensor.numel() > SummarizeAbove;
            var format = ElementFormat(tensor.detach().cpu(), shape, summarize, out var width);
            body = shape.Length == 0
                ? format(0)
                : Dimension(shape, 0, 0, format, width, summarize, Prefix.Length);
            if (dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool)) suffixes.Add($"dtype={dtype.TorchName()}");
        }
        var gradFn = tensor.grad_fn_name;
        if (gradFn.Length > 0) suffixes.Add($"grad_fn=<{gradFn}>");
        else if (tensor.requires_grad) suffixes.Add("requires_grad=True");
        return AddSuffixes(Prefix + body, suffixes);
    }

    private static long Stride(long[] shape, int dim)
    {
        long stride = 1;
        for (var d = dim + 1; d < shape.Length; d++) stride *= shape[d];
        return stride;
    }

    // The positions printed along one dimension: all, or the edges around a gap (-1).
    private static IEnumerable<long> Shown(long n, bool summarize)
    {
        if (!summarize || n <= 2 * EdgeItems)
        {
            for (long i = 0; i < n; i++) yield return i;
            yield break;
        }
        for (long i = 0; i < EdgeItems; i++) yield return i;
        yield return -1;
        for (var i = n - EdgeItems; i < n; i++) yield return i;
    }

    // `indent` is the column of this dimension's '['; a vector holds as many elements per line
    // as fit in 80 columns, and sub-tensors are separated by one newline per remaining dimension.
    private static string Dimension(long[] shape, int dim, long offset, Func<long, string> format, int width,
        bool summarize, int indent)
    {
        var stride = Stride(shape, dim);
        var continuation = new string(' ', indent + 1);
        if (dim == shape.Length - 1)
        {
            var items = Shown(shape[dim], summarize).Select(i => i < 0 ? " ..." : format(offset + i)).ToList();
            var perLine = Math.Max(1, (LineWidth - indent) / (width + 2));
            var lines = items.Chunk(perLine).Select(line => string.Join(", ", line));
            return "[" + string.Join(",\n" + continuation, lines) + "]";
        }
        var slices = Shown(shape[dim], summarize)
            .Select(i => i < 0 ? "..." : Dimension(shape, dim + 1, offset + i * stride, format, width, summarize, indent + 1));
        var separator = "," + new string('\n', shape.Length - dim - 1) + continuation;
        return "[" + string.Join(separator, slices) + "]";
    }

    // Each suffix goes on the last line if it fits in 80 columns, else on a new line (PyTorch
    // counts the last line two characters long, and so does this).
    private static string AddSuffixes(string text, List<string> suffixes)
    {
        var result = new StringBuilder(text);
        var lastLine = text.Length - text.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLine + suffix.Length + 2 > LineWidth)
            {
                result.Append(",\n").Append(' ', Prefix.Length).Append(suffix);
                lastLine = Prefix.Length + suffix.Length;
            }
            else
            {
                result.Append(", ").Append(suffix);
                lastLine += suffix.Length + 2;
            }
        }
        return result.Append(')').ToString();
    }

    // The element printer and the common width, decided (as in PyTorch) by the printed elements only.
    private static Func<long, string> ElementFormat(Tensor tensor, long[] shape, bool summarize, out int width)
    {
        var dtype = tensor.dtype;
        Func<long, string> raw;
        IEnumerable<long> shown = ShownPositions(shape, summarize);
        if (dtype == ScalarType.Bool)
        {
            var flags = tensor.contiguous().ToArray<bool>();
            raw = k => flags[k] ? "True" : "False";
            width = shown.Max(k => raw(k).Length);
        }
        else if (dtype.IsIntegral())
        {
            using var wide = tensor.to(ScalarType.Int64);
            var integers = wide.contiguous().ToArray<long>();
            raw = k => integers[k].ToString(CultureInfo.InvariantCulture);
            width = shown.Max(k => raw(k).Length);
        }
        else
        {
            using var wide = tensor.to(ScalarType.Float64);
            var reals = wide.contiguous().ToArray<double>();
            var real = FloatFormat(shown.Select(k => reals[k]).ToArray(), out width);
            raw = k => real(reals[k]);
        }
        var w = width;
        return k => raw(k).PadLeft(w);
    }

    private static IEnumerable<long> ShownPositions(long[] shape, bool summarize)
    {
        if (shape.Length == 0) return [0];
        IEnumerable<long> offsets = [0];
        for (var d = 0; d < shape.Length; d++)
        {
            var stride = Stride(shape, d);
            var positions = Shown(shape[d], summarize).Where(i => i >= 0).ToList();
            offsets = offsets.SelectMany(o => positions.Select(i => o + i * stride));
        }
        return offsets;
    }

    // Only non-zero finite values choose the mode and the width; zeros, NaN and infinities are
    // printed in that mode and padded to that width, never widening it.
    private static Func<double, string> FloatFormat(double[] values, out int width)
    {
        var finite = values.Where(v => double.IsFinite(v) && v != 0).ToArray();
        static string Special(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        static string Integral(double v) => double.IsFinite(v) ? v.ToString("0", CultureInfo.InvariantCulture) + "." : Special(v);
        if (finite.Length == 0)
        {
            width = 1;
            return Integral;
        }
        var max = finite.Max(Math.Abs);
        var min = finite.Min(Math.Abs);
        var integral = finite.All(v => Math.Ceiling(v) == v);
        var scientific = max / min > 1000 || max > 1e8 || (!integral && min < 1e-4);
        Func<double, string> format = scientific
            ? v => double.IsFinite(v) ? Scientific(v) : Special(v)
            : integral ? Integral : v => double.IsFinite(v) ? Fixed(v) : Special(v);
        width = finite.Max(v => format(v).Length);
        return format;
    }

    // Python's '{:.4f}': correctly rounded, ties to even on the exact binary value.
    private static string Fixed(double v)
    {
        var scaled = RoundScaled(v, Precision);
        var unit = BigInteger.Pow(10, Precision);
        var whole = BigInteger.DivRem(scaled, unit, out var fraction);
        return (double.IsNegative(v) ? "-" : "") + whole.ToString(CultureInfo.InvariantCulture) + "."
            + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(Precision, '0');
    }

    // Python's '{:.4e}': 1.2346e+05, at least two exponent digits, ties to even.
    private static string Scientific(double v)
    {
        if (v == 0) return (double.IsNegative(v) ? "-" : "") + "0." + new string('0', Precision) + "e+00";
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        var digits = RoundScaled(v, Precision - exponent);
        var low = BigInteger.Pow(10, Precision);
        // log10 can be off by one next to a power of ten, and rounding can carry into a new digit.
        while (digits >= 10 * low) digits = RoundScaled(v, Precision - ++exponent);
        while (digits < low) digits = RoundScaled(v, Precision - --exponent);
        var text = digits.ToString(CultureInfo.InvariantCulture);
        return (v < 0 ? "-" : "") + text[0] + "." + text[1..] + (exponent < 0 ? "e-" : "e+")
            + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    // |v| · 10^power rounded to an integer, half to even, in exact arithmetic.
    private static BigInteger RoundScaled(double v, int power)
    {
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(v));
        var biased = (int)(bits >> 52);
        var mantissa = bits & ((1L << 52) - 1);
        if (biased != 0) mantissa |= 1L << 52;
        var exponent = (biased == 0 ? 1 : biased) - 1075; // |v| = mantissa · 2^exponent
        var numerator = new BigInteger(mantissa) * (exponent > 0 ? BigInteger.Pow(2, exponent) : 1)
            * (power > 0 ? BigInteger.Pow(10, power) : 1);
        var denominator = (exponent < 0 ? BigInteger.Pow(2, -exponent) : 1) * (power < 0 ? BigInteger.Pow(10, -power) : 1);
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = 2 * remainder;
        return twice > denominator || (twice == denominator && !quotient.IsEven) ? quotient + 1 : quotient;
    }
}

public partial class Tensor
{
    /// <summary>The values, printed as PyTorch prints them.</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
