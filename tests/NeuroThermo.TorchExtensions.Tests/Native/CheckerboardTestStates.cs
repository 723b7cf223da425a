using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions.Native;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Native;

/// <summary>Chain states and acceptance limits for the checkerboard kernel tests.</summary>
internal static class CheckerboardTestStates
{
    /// <summary>
    /// Metropolis limits on 31-bit random words for E = −J Σ s_i s_j − h Σ s_i at β, with ½ for ΔE = 0 (as the
    /// sampler has them): [spin −1, +1] × [neighbour sum −4…4].
    /// </summary>
    internal static uint[] Thresholds(double beta, double coupling, double field)
    {
        const double Scale = 2147483648.0;   // 2^31: P(r < t) = t / 2^31 for r uniform on 31 bits
        var limits = new uint[10];
        for (int spinIndex = 0; spinIndex < 2; spinIndex++)
        {
            for (int k = 0; k < 5; k++)
            {
                double deltaE = 2 * (2 * spinIndex - 1) * (coupling * (2 * k - 4) + field);
                double p = deltaE == 0 ? 0.5 : Math.Exp(-beta * deltaE);
                limits[5 * spinIndex + k] = p >= 1 ? (uint)Scale : (uint)Math.Floor(p * Scale);
            }
        }
        return limits;
    }

    /// <summary>Fair coin spins in the quarter layout (chains, 4, L/2, L/2) and a generator seeded by the kernel.</summary>
    internal static (Tensor Spins, Tensor Rng) Random(int chains, int size, int seed)
    {
        int half = size / 2;
        var random = new Random(seed);
        var spins = new sbyte[chains * 4 * half * half];
        for (int i = 0; i < spins.Length; i++) spins[i] = random.Next(2) == 0 ? (sbyte)-1 : (sbyte)1;
        var rng = empty([chains, size, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);
        IsingCheckerboardKernel.Seed(rng, (ulong)seed * 0x9E3779B97F4A7C15UL + 1);
        return (tensor(spins, [chains, 4, half, half]), rng);
    }

    internal static sbyte[] Bytes(Tensor spins) => spins.data<sbyte>().ToArray();

    internal static uint[] Words(Tensor rng) => MemoryMarshal.Cast<int, uint>(rng.data<int>().ToArray()).ToArray();
}
