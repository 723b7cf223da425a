// PORT-TEMP: signatures of the Ising kernel being ported in another branch,
// so the library's port compiles meanwhile. Deleted when those branches merge.
#pragma warning disable CS1591
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Native
{
    public static class IsingCheckerboardKernel
    {
        public const int Lanes = 16;
        public const int Words = 4;
        public static void Seed(Tensor rng, ulong seed) => throw new NotImplementedException();
        public static void Sweeps(Tensor spins, Tensor rng, ReadOnlySpan<uint> thresholds, long sweeps, Span<long> bondSums, Span<long> spinSums) => throw new NotImplementedException();
    }
}
