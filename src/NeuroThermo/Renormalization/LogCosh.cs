using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Renormalization;

/// <summary>ln cosh x = |x| + ln(1 + e^{−2|x|}) − ln 2 for tensors: finite for any x (cosh overflows past |x| ≈ 710) and
/// with the right derivative tanh x, including 0 at x = 0.</summary>
internal static class LogCosh
{
    public static Tensor Of(Tensor x)
    {
        var magnitude = x.abs();
        return magnitude + (magnitude * -2).exp().log1p() - Math.Log(2);
    }
}
