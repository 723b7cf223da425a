using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics;

/// <summary>Small double-precision helpers the exact methods share.</summary>
internal static class Numerics
{
    /// <summary>ln(1 + x), accurate also for |x| ≪ 1 (the rounding of 1 + x is divided back out).</summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>ln(e^a + e^b) without overflow; −∞ stands for an empty sum.</summary>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        return Math.Max(a, b) + Log1P(Math.Exp(-Math.Abs(a - b)));
    }

    /// <summary>Throws unless every β is finite and ≥ 0, the domain of the exact methods.</summary>
    public static void CheckInverseTemperatures(IReadOnlyList<double> betas, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(betas, parameterName);
        if (betas.Count == 0) throw new ArgumentException("At least one inverse temperature is needed.", parameterName);
        foreach (var beta in betas) CheckInverseTemperature(beta, parameterName);
    }

    /// <summary>Throws unless β is finite and ≥ 0.</summary>
    public static void CheckInverseTemperature(double beta, string parameterName)
    {
        if (!(beta >= 0) || double.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(parameterName, beta, "The inverse temperature β must be finite and ≥ 0 (β < 0 would weight high energies most).");
    }

    /// <summary>Throws unless every entry of the (detached) tensor <paramref name="betas"/> is finite and ≥ 0.</summary>
    public static void CheckInverseTemperatures(Tensor betas, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(betas, parameterName);
        CheckInverseTemperatures((IReadOnlyList<double>)Values(betas), parameterName);
    }

    /// <summary>The entries of <paramref name="tensor"/> as doubles, without touching its graph.</summary>
    public static double[] Values(Tensor tensor)
    {
        using var detached = tensor.detach();
        using var asDouble = detached.to(torch.float64);
        return asDouble.ToArray<double>();
    }
}
