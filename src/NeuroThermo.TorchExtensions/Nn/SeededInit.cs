using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// PyTorch's torch.nn.init initialisers, drawing from an explicit generator. TorchSharp 0.107's
/// <c>nn.init.normal_</c> and <c>uniform_</c> accept a generator and ignore it (measured), so a seeded run
/// would depend on the global generator; <c>Tensor.normal_</c> and <c>Tensor.uniform_</c> do honour theirs and
/// are what these use. Each works in place without recording autograd and returns its tensor.
/// </summary>
public static class SeededInit
{
    public static Tensor zeros_(Tensor t)
    {
        using var _ = no_grad();
        return t.zero_();
    }

    public static Tensor ones_(Tensor t) => constant_(t, 1);

    public static Tensor constant_(Tensor t, double value)
    {
        using var _ = no_grad();
        return t.fill_(value);
    }

    public static Tensor normal_(Tensor t, double mean = 0, double std = 1, Generator? generator = null)
    {
        using var _ = no_grad();
        return t.normal_(mean, std, generator);
    }

    public static Tensor uniform_(Tensor t, double a = 0, double b = 1, Generator? generator = null)
    {
        using var _ = no_grad();
        return t.uniform_(a, b, generator);
    }

    /// <summary>The recommended gain for a nonlinearity ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu").</summary>
    public static double calculate_gain(string nonlinearity, double param = 0.01) => nonlinearity switch
    {
        "linear" or "identity" or "sigmoid" => 1.0,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + param * param)),
        "selu" => 3.0 / 4,
        _ => throw new ArgumentException($"unknown nonlinearity '{nonlinearity}'", nameof(nonlinearity)),
    };

    /// <summary>(fan_in, fan_out) of a weight: (in, out) for (out, in) matrices, times the receptive field.</summary>
    public static (long fanIn, long fanOut) calculate_fan_in_and_fan_out(Tensor t)
    {
        long[] shape = t.shape;
        if (shape.Length < 2) throw new ArgumentException("fan in and fan out need at least two dimensions", nameof(t));
        long receptive = 1;
        for (int d = 2; d < shape.Length; d++) receptive *= shape[d];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Glorot: U(−a, a) with a = gain·sqrt(6 / (fan_in + fan_out)).</summary>
    public static Tensor xavier_uniform_(Tensor t, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(t);
        double bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return uniform_(t, -bound, bound, generator);
    }

    /// <summary>Glorot: N(0, std²) with std = gain·sqrt(2 / (fan_in + fan_out)).</summary>
    public static Tensor xavier_normal_(Tensor t, double gain = 1, Generator? generator = null)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(t);
        return normal_(t, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
    }

    /// <summary>He: U(−b, b) with b = gain·sqrt(3 / fan); fan is fan_in or fan_out by <paramref name="mode"/>.</summary>
    public static Tensor kaiming_uniform_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null)
    {
        double bound = calculate_gain(nonlinearity, a) * Math.Sqrt(3.0 / Fan(t, mode));
        return uniform_(t, -bound, bound, generator);
    }

    /// <summary>He: N(0, std²) with std = gain / sqrt(fan).</summary>
    public static Tensor kaiming_normal_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null) =>
        normal_(t, 0, calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(t, mode)), generator);

    private static long Fan(Tensor t, string mode)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(t);
        return mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => throw new ArgumentException($"mode must be fan_in or fan_out, got '{mode}'", nameof(mode)),
        };
    }
}
