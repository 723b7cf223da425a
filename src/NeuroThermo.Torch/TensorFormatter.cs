using System.Globalization;
using System.Text;

namespace NeuroThermo.Torch;

/// <summary>
/// Prints tensors the way PyTorch does: <c>tensor([[1.0000, 2.5000], …])</c>, four decimals,
/// scientific notation when the magnitudes span more than three decades, integer-valued floats
/// as <c>1.</c>, the dtype when it is not a default one, and "…" past 1,000 elements.
/// </summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;
    private const string Prefix = "tensor(";

    internal static string Format(Tensor tensor)
    {
        if (tensor.IsInvalid) return "tensor(<disposed>)";
        using var scope = torch.NewDisposeScope();
        var dtype = tensor.dtype;
        var shape = tensor.shape;
        var summarize = tensor.numel() > SummarizeAbove;
        using var values = tensor.detach().cpu().to(ScalarType.Float64).contiguous();
        var data = values.ToArray<double>();
        var format = ElementFormat(data, dtype, shape, summarize);
        var text = new StringBuilder(Prefix);
        if (shape.Length == 0) text.Append(format(data[0]).Trim());
        else AppendDimension(text, data, shape, 0, 0, format, summarize, Prefix.Length);

        var suffixes = new List<string>();
        if (shape.Length > 0 && tensor.numel() == 0) suffixes.Add($"size=({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")})");
        if (dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool)) suffixes.Add($"dtype={dtype.TorchName()}");
        var gradFn = tensor.grad_fn_name;
        if (gradFn.Length > 0) suffixes.Add($"grad_fn=<{gradFn}>");
        else if (tensor.requires_grad) suffixes.Add("requires_grad=True");
        foreach (var suffix in suffixes) text.Append(", ").Append(suffix);
        return text.Append(')').ToString();
    }

    private static long Stride(long[] shape, int dim)
    {
        long stride = 1;
        for (var d = dim + 1; d < shape.Length; d++) stride *= shape[d];
        return stride;
    }

    private static void AppendDimension(StringBuilder text, double[] data, long[] shape, int dim, long offset,
        Func<double, string> format, bool summarize, int indent)
    {
        text.Append('[');
        var n = shape[dim];
        var stride = Stride(shape, dim);
        var last = dim == shape.Length - 1;
        var separator = last ? ", " : "," + new string('\n', shape.Length - dim - 1) + new string(' ', indent + dim + 1);
        var first = true;
        for (long i = 0; i < n; i++)
        {
            if (summarize && n > 2 * EdgeItems && i == EdgeItems)
            {
                text.Append(separator).Append("...");
                i = n - EdgeItems - 1;
                continue;
            }
            if (!first) text.Append(separator);
            first = false;
            if (last) text.Append(format(data[offset + i]));
            else AppendDimension(text, data, shape, dim + 1, offset + i * stride, format, summarize, indent);
        }
        text.Append(']');
    }

    private static IEnumerable<double> Shown(double[] data, long[] shape, bool summarize)
    {
        if (!summarize) return data;
        // Only the printed corners decide the width, as in PyTorch.
        var shown = new List<double>();
        Collect(data, shape, 0, 0, shown);
        return shown;
    }

    private static void Collect(double[] data, long[] shape, int dim, long offset, List<double> shown)
    {
        var n = shape[dim];
        var stride = Stride(shape, dim);
        for (long i = 0; i < n; i++)
        {
            if (n > 2 * EdgeItems && i == EdgeItems) i = n - EdgeItems;
            if (dim == shape.Length - 1) shown.Add(data[offset + i]);
            else Collect(data, shape, dim + 1, offset + i * stride, shown);
        }
    }

    private static Func<double, string> ElementFormat(double[] data, ScalarType dtype, long[] shape, bool summarize)
    {
        var shown = shape.Length == 0 ? data : Shown(data, shape, summarize).ToArray();
        Func<double, string> raw;
        if (dtype == ScalarType.Bool) raw = v => v != 0 ? "True" : "False";
        else if (dtype.IsIntegral()) raw = v => ((long)v).ToString(CultureInfo.InvariantCulture);
        else raw = FloatFormat(shown);
        var width = shown.Length == 0 ? 0 : shown.Max(v => raw(v).Length);
        return v => raw(v).PadLeft(width);
    }

    private static Func<double, string> FloatFormat(double[] values)
    {
        var finite = values.Where(v => double.IsFinite(v) && v != 0).Select(Math.Abs).ToArray();
        static string Special(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        if (finite.Length == 0) return v => double.IsFinite(v) ? v.ToString("0", CultureInfo.InvariantCulture) + "." : Special(v);
        var max = finite.Max();
        var min = finite.Min();
        var integral = finite.All(v => Math.Ceiling(v) == v);
        var scientific = max / min > 1000 || max > 1e8 || (!integral && min < 1e-4);
        if (integral && !scientific) return v => double.IsFinite(v) ? v.ToString("0", CultureInfo.InvariantCulture) + "." : Special(v);
        if (scientific) return v => double.IsFinite(v) ? Scientific(v) : Special(v);
        return v => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : Special(v);
    }

    // Python's '{:.4e}': 1.2346e+05, at least two exponent digits.
    private static string Scientific(double v)
    {
        var text = v.ToString("0.0000e+00", CultureInfo.InvariantCulture);
        return text;
    }
}

public partial class Tensor
{
    /// <summary>The values, printed as PyTorch prints them.</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
