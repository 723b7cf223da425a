using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// A histogram of overlaps, normalised as a density: Σ Density·width = 1.
/// </summary>
/// <param name="Centers">The centre of each bin.</param>
/// <param name="Widths">The width of each bin (the last may be narrower).</param>
/// <param name="Counts">Overlaps in each bin.</param>
/// <param name="Density">Counts / (total · width): an estimate of P(q).</param>
/// <param name="Mean">⟨q⟩ of the overlaps histogrammed.</param>
/// <param name="StandardDeviation">√(⟨q²⟩ − ⟨q⟩²) of the overlaps (1/√N for independent random replicas).</param>
public sealed record OverlapHistogram(
    double[] Centers, double[] Widths, long[] Counts, double[] Density, double Mean, double StandardDeviation);

/// <summary>
/// Replica overlaps q = (1/N) Σ_i s_i^a s_i^b of spin-glass configurations, their distribution P(q), the
/// Edwards–Anderson order parameter and the spin-glass Binder ratio.
/// </summary>
/// <remarks>
/// Two replicas a, b are independent chains on the same couplings. Above T_SG, P(q) is a Gaussian of width ~1/√N at 0;
/// below it, P(q) has peaks at ±q_EA (and, with replica symmetry breaking, weight between them).
/// </remarks>
public static class SpinGlassOverlaps
{
    /// <summary>
    /// q for each sample of two batches of replicas of shape (S, N…) — (S, N), (S, L, L), … — row by row; shape (S).
    /// </summary>
    public static double[] Overlaps(Tensor replicaA, Tensor replicaB)
    {
        using var scope = torch.NewDisposeScope();
        var a = SpinSamples.Checked(replicaA, nameof(replicaA), 2, 3, 4);
        var b = SpinSamples.Checked(replicaB, nameof(replicaB), 2, 3, 4);
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException(
                $"The replicas must have the same shape; got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].", nameof(replicaB));
        return (a * b).flatten(1).mean([1]).ToArray<double>();  // (S, N…) -> (S, N) -> (S)
    }

    /// <summary>q for each row of two (S, N) arrays of ±1.</summary>
    public static double[] Overlaps(double[,] replicaA, double[,] replicaB)
    {
        using var a = SpinSamples.FromArray(replicaA, nameof(replicaA));
        using var b = SpinSamples.FromArray(replicaB, nameof(replicaB));
        return Overlaps(a, b);
    }

    /// <summary>
    /// The histogram of overlaps of N-spin replicas. q takes the N + 1 values −1 + 2j/N; each bin holds
    /// <paramref name="valuesPerBin"/> consecutive ones, with edges half-way between values, so no bin is aliased
    /// (a bin edge on an allowed value would split its count arbitrarily).
    /// </summary>
    public static OverlapHistogram Histogram(double[] overlaps, int spins, int valuesPerBin = 1)
    {
        ArgumentNullException.ThrowIfNull(overlaps);
        SeriesChecks.Check(overlaps, 1, nameof(overlaps));
        if (spins < 1) throw new ArgumentOutOfRangeException(nameof(spins), spins, "Replicas need at least one spin.");
        if (valuesPerBin < 1 || valuesPerBin > spins + 1)
            throw new ArgumentOutOfRangeException(nameof(valuesPerBin), valuesPerBin, $"A bin must hold between 1 and N + 1 = {spins + 1} overlap values.");

        var binCount = (spins + valuesPerBin) / valuesPerBin;  // ⌈(N + 1)/v⌉
        var counts = new long[binCount];
        foreach (var q in overlaps)
        {
            // j = N(q + 1)/2 is an integer up to rounding for a true overlap of N spins.
            var j = spins * (q + 1) / 2;
            var index = Math.Round(j);
            if (Math.Abs(j - index) > 1e-6 || index < 0 || index > spins)
                throw new ArgumentException($"q = {q} is not an overlap of {spins} spins (a multiple of 2/N in [−1, 1]); pass the N the overlaps were computed with.", nameof(overlaps));
            counts[(int)index / valuesPerBin]++;
        }
        var spacing = 2.0 / spins;
        var centers = new double[binCount];
        var widths = new double[binCount];
        var density = new double[binCount];
        for (var b = 0; b < binCount; b++)
        {
            var firstValue = b * valuesPerBin;
            var lastValue = Math.Min(spins, firstValue + valuesPerBin - 1);
            centers[b] = -1 + spacing * (firstValue + lastValue) / 2;
            widths[b] = spacing * (lastValue - firstValue + 1);
            density[b] = counts[b] / (overlaps.Length * widths[b]);
        }
        var mean = TimeSeries.MeanUnchecked(overlaps);
        var spread = Math.Sqrt(overlaps.Sum(q => (q - mean) * (q - mean)) / overlaps.Length);
        return new OverlapHistogram(centers, widths, counts, density, mean, spread);
    }

    /// <summary>
    /// q_EA estimated as √⟨q²⟩ with a jackknife error. P(q) is symmetric at h = 0, so ⟨q⟩ → 0 and the root mean square is
    /// the magnitude; in a replica-symmetric phase P(q) → ½[δ(q − q_EA) + δ(q + q_EA)] and √⟨q²⟩ → q_EA. With
    /// weight between the peaks (broken replica symmetry) it mixes in every q and lies below the peak position.
    /// </summary>
    public static Estimate EdwardsAndersonParameter(double[] overlaps, int binCount = Jackknife.DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(overlaps);
        SeriesChecks.Check(overlaps, 2, nameof(overlaps));
        var q2 = overlaps.Select(q => q * q).ToArray();
        return Jackknife.Estimate([q2], means => Math.Sqrt(means[0]), binCount);
    }

    /// <summary>
    /// The spin-glass Binder ratio g = ½(3 − ⟨q⁴⟩/⟨q²⟩²) of one disorder sample, jackknife over bins of the series:
    /// 0 for Gaussian q (high T), 1 for q = ±q_EA.
    /// </summary>
    public static Estimate BinderRatio(double[] overlaps, int binCount = Jackknife.DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(overlaps);
        SeriesChecks.Check(overlaps, 2, nameof(overlaps));
        var q2 = overlaps.Select(q => q * q).ToArray();
        var q4 = q2.Select(x => x * x).ToArray();
        return Jackknife.Estimate([q2, q4], means => BinderRatio(means[0], means[1]), binCount);
    }

    /// <summary>
    /// The disorder-averaged ratio g = ½(3 − [⟨q⁴⟩]/[⟨q²⟩]²), [·] the average over disorder samples (one overlap series
    /// each, any lengths): the thermal averages first, then the ratio of disorder averages, as in finite-size scaling
    /// of spin glasses. The jackknife leaves out one disorder sample at a time (sample-to-sample fluctuations dominate).
    /// </summary>
    public static Estimate DisorderAveragedBinderRatio(IReadOnlyList<double[]> overlapsPerSample)
    {
        ArgumentNullException.ThrowIfNull(overlapsPerSample);
        if (overlapsPerSample.Count < 2)
            throw new ArgumentException($"The disorder average needs at least 2 disorder samples; got {overlapsPerSample.Count}.", nameof(overlapsPerSample));
        var moments = new double[overlapsPerSample.Count][];
        for (var i = 0; i < overlapsPerSample.Count; i++)
        {
            var series = overlapsPerSample[i] ?? throw new ArgumentNullException(nameof(overlapsPerSample), $"Disorder sample {i} is null.");
            SeriesChecks.Check(series, 1, nameof(overlapsPerSample));
            moments[i] = [series.Average(q => q * q), series.Average(q => q * q * q * q)];
        }
        return Jackknife.FromBinMeans(moments, means => BinderRatio(means[0], means[1]));
    }

    private static double BinderRatio(double q2, double q4) => 0.5 * (3 - q4 / (q2 * q2));
}
