using NeuroThermo.Torch;
using NeuroThermo.Torch.Native;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// <see cref="CheckerboardKernelWorkload"/> on the old binding's kernel (libtorch 1.13, the shim's
/// ising_checkerboard.cpp); `side-by-side --only checkerboard-kernel`.
/// </summary>
internal static class CheckerboardKernelOldBinding
{
    internal static void Run(int runs)
    {
        var thresholds = CheckerboardKernelWorkload.Thresholds();
        foreach (int size in CheckerboardKernelWorkload.Sizes)
        {
            using var spins = torch.ones([1, 4, size / 2, size / 2], ScalarType.Int8);
            using var rng = torch.empty([1, size, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);
            IsingCheckerboardKernel.Seed(rng, CheckerboardKernelWorkload.Seed);
            var bonds = new long[CheckerboardKernelWorkload.SweepsPerRun(size)];
            var totals = new long[bonds.Length];
            long last = 0;
            CheckerboardKernelWorkload.Time($"checkerboard_kernel_l{size}_flips_per_ns", size, runs,
                count =>
                {
                    IsingCheckerboardKernel.Sweeps(spins, rng, thresholds, count, bonds.AsSpan(0, count), totals.AsSpan(0, count));
                    last = count - 1;
                },
                () => CheckerboardKernelWorkload.Checksum(spins.ToArray<sbyte>(), rng.ToArray<int>(), [bonds[last], totals[last]]));
        }
    }
}
