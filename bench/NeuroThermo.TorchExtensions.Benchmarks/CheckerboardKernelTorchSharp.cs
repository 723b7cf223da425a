using NeuroThermo.TorchExtensions.Native;
using static TorchSharp.torch;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// <see cref="CheckerboardKernelWorkload"/> on the TorchSharp engine's kernel, once per instruction set asked for:
/// the widest this processor runs is what users get; the narrower ones show what a machine without it would lose.
/// </summary>
internal static class CheckerboardKernelTorchSharp
{
    internal static void Run(int runs, IReadOnlyList<CheckerboardInstructionSet> instructionSets)
    {
        var thresholds = CheckerboardKernelWorkload.Thresholds();
        foreach (var set in instructionSets)
        {
            string suffix = set == IsingCheckerboardKernel.InstructionSet ? "" : $"_{set.ToString().ToLowerInvariant()}";
            foreach (int size in CheckerboardKernelWorkload.Sizes)
            {
                using var scope = NewDisposeScope();
                var spins = ones([1, 4, size / 2, size / 2], ScalarType.Int8);
                var rng = empty([1, size, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);
                IsingCheckerboardKernel.Seed(rng, CheckerboardKernelWorkload.Seed);
                var bonds = new long[CheckerboardKernelWorkload.SweepsPerRun(size)];
                var totals = new long[bonds.Length];
                long last = 0;
                CheckerboardKernelWorkload.Time($"checkerboard_kernel{suffix}_l{size}_flips_per_ns", size, runs,
                    count =>
                    {
                        IsingCheckerboardKernel.Sweeps(spins, rng, thresholds, count, bonds.AsSpan(0, count), totals.AsSpan(0, count),
                            get_num_threads(), IsingCheckerboardKernel.DefaultMinSitesPerThread, set);
                        last = count - 1;
                    },
                    () => CheckerboardKernelWorkload.Checksum(spins.data<sbyte>().ToArray(), rng.data<int>().ToArray(), [bonds[last], totals[last]]));
            }
        }
    }
}
