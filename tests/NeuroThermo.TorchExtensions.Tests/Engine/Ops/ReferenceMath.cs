using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

/// <summary>Scalar reference functions written out in C#, for expectations independent of libtorch.</summary>
internal static class ReferenceMath
{
    /// <summary>
    /// erf by its Maclaurin series 2/√π Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n+1)); for |x| ≤ 3 the cancellation
    /// costs under 1e-13 absolute, which is all the tests ask.
    /// </summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) > 3) throw new ArgumentOutOfRangeException(nameof(x), x, "series used only for |x| <= 3");
        double sum = 0, term = x; // term = (−1)ⁿ x²ⁿ⁺¹ / n!
        for (var n = 0; n < 80; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>x Φ(x) with the exact normal CDF.</summary>
    public static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>The tanh approximation of GELU (Hendrycks and Gimpel).</summary>
    public static double GeluTanh(double x) =>
        0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    /// <summary>ln(1 + e^(βx))/β, and x itself once βx exceeds the threshold (libtorch's convention).</summary>
    public static double Softplus(double x, double beta = 1, double threshold = 20) =>
        beta * x > threshold ? x : Math.Log(1 + Math.Exp(beta * x)) / beta;

    /// <summary>ln(1 + eˣ) for any x, without overflow: max(x, 0) + ln(1 + e^(−|x|)).</summary>
    public static double Log1pExp(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>ln softmax(x)ᵢ = xᵢ − ln Σⱼ exp(xⱼ).</summary>
    public static double[] LogSoftmax(double[] x)
    {
        var lse = LogSumExp(x);
        return x.Select(v => v - lse).ToArray();
    }

    /// <summary>ln Σ exp(xᵢ), shifted by the maximum so that it cannot overflow.</summary>
    public static double LogSumExp(IEnumerable<double> values)
    {
        var list = values.ToList();
        var max = list.Max();
        return max + Math.Log(list.Sum(v => Math.Exp(v - max)));
    }
}
