using System.Diagnostics;
using System.Globalization;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// The checkerboard kernel benchmark both engines run (bench/run_checkerboard_kernel.sh): the old binding's
/// kernel from bench/NeuroThermo.Benchmarks and the TorchSharp one from bench/NeuroThermo.TorchExtensions.Benchmarks
/// cannot share a process (each loads its own libtorch), so this file, compiled into both, fixes what they do alike.
/// One chain of the periodic L×L Ising model at J = 1, h = 0, T = 2.269 from a cold start, the kernel called
/// directly (no sampler around it), sweeps per timed run 10·max(10, 40·2^20 / L²) as in CheckerboardWorkload's
/// native runs, a tenth of that as warm-up, the median rate over the runs in flips per ns (L²·sweeps / time).
/// After the runs each side prints a checksum of spins, generator state and last sums: equal checksums mean
/// the two kernels produced the same chain bit for bit.
/// </summary>
internal static class CheckerboardKernelWorkload
{
    internal static readonly int[] Sizes = [64, 256, 1024];
    internal const double Temperature = 2.269;
    internal const ulong Seed = 1;

    internal static int SweepsPerRun(int size) => 10 * Math.Max(10, 40 * 1024 * 1024 / (size * size));

    /// <summary>
    /// Times <paramref name="sweep"/>(count) — a kernel call of count sweeps — after a warm-up; prints the median
    /// rate as "name value" and the checksum <paramref name="checksum"/> gives after the runs.
    /// </summary>
    internal static void Time(string name, int size, int runs, Action<int> sweep, Func<ulong> checksum)
    {
        int sweeps = SweepsPerRun(size);
        sweep(sweeps / 10);
        var rates = new double[runs];
        var cpuRates = new double[runs];
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < runs; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            sweep(sweeps);
            rates[r] = (double)size * size * sweeps / watch.Elapsed.TotalSeconds / 1e9;
            process.Refresh();
            cpuRates[r] = (double)size * size * sweeps / (process.TotalProcessorTime - cpu).TotalSeconds / 1e9;
        }
        Array.Sort(rates);
        Array.Sort(cpuRates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {name}: {sweeps} sweeps per run, {runs} runs, checksum {checksum():x16}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {rates[runs / 2]:G6}"));
        // Flips per ns of processor time, all threads of the process: on a shared machine the one-thread figure does
        // not count the time the scheduler gave to someone else (at two threads it counts waiting at barriers too).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}_cpu {cpuRates[runs / 2]:G6}"));
    }

    /// <summary>Metropolis limits on 31-bit words at <see cref="Temperature"/>, J = 1, h = 0, ½ for ΔE = 0 (as SquareIsingCheckerboard).</summary>
    internal static uint[] Thresholds()
    {
        const double Scale = 2147483648.0;
        var limits = new uint[10];
        for (int spinIndex = 0; spinIndex < 2; spinIndex++)
        {
            for (int k = 0; k < 5; k++)
            {
                double deltaE = 2 * (2 * spinIndex - 1) * (2 * k - 4);
                double p = deltaE == 0 ? 0.5 : Math.Exp(-deltaE / Temperature);
                limits[5 * spinIndex + k] = p >= 1 ? (uint)Scale : (uint)Math.Floor(p * Scale);
            }
        }
        return limits;
    }

    /// <summary>FNV-1a over the spins, the generator words and the sums.</summary>
    internal static ulong Checksum(ReadOnlySpan<sbyte> spins, ReadOnlySpan<int> rng, ReadOnlySpan<long> sums)
    {
        ulong hash = 14695981039346656037UL;
        void Add(ulong value)
        {
            hash ^= value;
            hash *= 1099511628211UL;
        }
        foreach (var s in spins) Add((byte)s);
        foreach (var w in rng) Add((uint)w);
        foreach (var s in sums) Add((ulong)s);
        return hash;
    }
}
