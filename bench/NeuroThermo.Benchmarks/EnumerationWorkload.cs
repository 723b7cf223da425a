using System.Diagnostics;
using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// Exact ln Z, U and C of a 24-spin Sherrington–Kirkpatrick sample (2^24 = 16.8 M configurations) at four inverse
/// temperatures, mirrored by bench/peers/exact_enumeration.py: the same couplings (libtorch's generator, seed 1),
/// the same chunks (a 2^16 inner table, 2^20 configurations per chunk) and the same arithmetic, once from the energy
/// moments and once by autograd through the chunks' log-sum-exp. Each run starts from J, so the inner table is built
/// inside the timing on both sides.
/// </summary>
internal static class EnumerationWorkload
{
    private const int Spins = 24;
    private static readonly double[] Betas = [0.25, 0.5, 1.0, 2.0];

    internal static void Run(int runs, ExactEnumerationOptions options, bool autograd, Action<string, double> report)
    {
        using var generator = new Generator(1);
        using var model = SherringtonKirkpatrick.Sample(Spins, generator);
        Warm(model);

        IReadOnlyList<ThermodynamicPoint> points = [];
        var moments = Time(runs, () =>
        {
            using var enumeration = new ExactEnumeration(model, options);
            points = enumeration.Thermodynamics(Betas, trackMagnetization: false);
        });
        report("enum_n24_s", moments);
        for (var b = 0; b < Betas.Length; b++)
        {
            report($"enum_n24_lnz_{b}", points[b].LogPartitionFunction);
            report($"enum_n24_u_{b}", points[b].InternalEnergy);
            report($"enum_n24_c_{b}", points[b].HeatCapacity);
        }

        if (!autograd) return;
        EnergyCurves curves = null!;
        var seconds = Time(runs, () =>
        {
            using var enumeration = new ExactEnumeration(model, options);
            curves = ThermodynamicDerivatives.Evaluate(enumeration.LogPartitionFunction, Betas);
        });
        report("enum_n24_autograd_s", seconds);
        for (var b = 0; b < Betas.Length; b++) report($"enum_n24_autograd_c_{b}", curves.HeatCapacity[b]);
    }

    // JIT and libtorch's first-call costs on a small sample, so that the first timed run is like the others.
    private static void Warm(SpinEnergy model)
    {
        using var small = SherringtonKirkpatrick.Sample(12, new Generator(2));
        using var enumeration = new ExactEnumeration(small);
        enumeration.Thermodynamics(Betas, trackMagnetization: false);
        ThermodynamicDerivatives.Evaluate(enumeration.LogPartitionFunction, Betas);
        _ = model;
    }

    // Median wall time in seconds over the runs.
    private static double Time(int runs, Action body)
    {
        var times = new double[runs];
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            body();
            times[r] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
    }
}
