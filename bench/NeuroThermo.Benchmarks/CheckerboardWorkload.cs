using System.Diagnostics;
using NeuroThermo.Sampling.Native;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// Checkerboard Metropolis on the periodic L×L Ising model at J = 1, h = 0, T = 2.269, one chain from a cold
/// start, mirrored by bench/peers/checkerboard_metropolis.py: the same sizes, the same sweeps per timed run
/// (40·2^20 / L², at least 10), a tenth of that as warm-up, and the median rate over the runs in flips per ns
/// (L²·sweeps / time). Both backends of <see cref="SquareIsingCheckerboard"/> are timed, each reported on its own line.
/// </summary>
internal static class CheckerboardWorkload
{
    private const double Temperature = 2.269;
    private static readonly int[] Sizes = [256, 1024];

    internal static void Run(int runs, Action<string, double> report)
    {
        // Backend by backend, so that the tensor backend's lines are out before the native kernel is first called.
        foreach (var backend in new[] { CheckerboardBackend.Tensor, CheckerboardBackend.Native })
        {
            foreach (var size in Sizes)
            {
                int sweeps = Math.Max(10, 40 * 1024 * 1024 / (size * size));
                // The native kernel is ~10x faster; more sweeps keep its runs long enough to time.
                int backendSweeps = backend == CheckerboardBackend.Native ? 10 * sweeps : sweeps;
                var sampler = new SquareIsingCheckerboard(size, 1 / Temperature, backend: backend);
                using var state = sampler.Initialize(1, seed: 1, ordered: true);
                sampler.Run(state, Math.Max(2, backendSweeps / 10));
                var rates = new double[runs];
                CheckerboardTrace trace = null!;
                for (var r = 0; r < runs; r++)
                {
                    var watch = Stopwatch.StartNew();
                    trace = sampler.Run(state, backendSweeps);
                    rates[r] = (double)size * size * backendSweeps / watch.Elapsed.TotalSeconds / 1e9;
                }
                Array.Sort(rates);
                var name = backend.ToString().ToLowerInvariant();
                Console.WriteLine($"# {name} L={size}: {backendSweeps} sweeps per run, energy per spin after the runs {trace.EnergyPerSpin[trace.Sweeps - 1, 0]:F4}");
                report($"checkerboard_{name}_l{size}_flips_per_ns", rates[runs / 2]);
            }
        }
    }
}
