namespace NeuroThermo.Sampling.Statistics;

/// <summary>One level of a binning analysis: the series averaged in bins of 2^k samples.</summary>
/// <param name="Level">k.</param>
/// <param name="BinSize">B = 2^k samples per bin.</param>
/// <param name="BinCount">M = ⌊n/B⌋ bins.</param>
/// <param name="StandardError">Error of the mean from the bin means, √(Var_bins/M); grows with B until bins are independent.</param>
/// <param name="ErrorOfError">The statistical error of <paramref name="StandardError"/>, σ_B/√(2(M − 1)) for Gaussian bin means.</param>
/// <param name="TauInt">½ (σ_B/σ_1)², the τ_int that level implies.</param>
public sealed record BinningLevel(int Level, int BinSize, int BinCount, double StandardError, double ErrorOfError, double TauInt);

/// <summary>
/// Binning (blocking) analysis of a time series: the error of the mean computed from bin averages of 2^k samples,
/// k = 0, 1, …. Bins much longer than the autocorrelation time are independent, so the error rises with k and
/// levels off at the true error, the plateau; there τ_int = ½ σ²_bin/σ²_naive.
/// </summary>
/// <remarks>
/// The plateau is chosen self-consistently, like Sokal's window: the first level with B ≥ <see cref="PlateauFactor"/>·τ_int(B)
/// and at least <see cref="MinimumBins"/> bins. The bin variance falls short of its limit by about τ/B (for an
/// exponential ρ(t)), so B ≥ 20 τ costs at most ~5 % in τ_int; 32 bins give the error to ~13 %.
/// When the levels are halved, an odd sample out is dropped at the start of the series, the least equilibrated part.
/// </remarks>
public sealed class BinningAnalysis
{
    /// <summary>Bins must be at least this many τ_int long at the plateau.</summary>
    public const double PlateauFactor = 20;

    /// <summary>Fewest bins a level may have to be listed or chosen as the plateau.</summary>
    public const int MinimumBins = 32;

    private BinningAnalysis(double mean, int sampleCount, IReadOnlyList<BinningLevel> levels, BinningLevel? plateau)
    {
        Mean = mean;
        SampleCount = sampleCount;
        Levels = levels;
        Plateau = plateau;
    }

    /// <summary>x̄ of the whole series.</summary>
    public double Mean { get; }

    /// <summary>n.</summary>
    public int SampleCount { get; }

    /// <summary>The levels k = 0, 1, … while at least <see cref="MinimumBins"/> bins remain: error against bin size 2^k.</summary>
    public IReadOnlyList<BinningLevel> Levels { get; }

    /// <summary>The plateau level, or null when the series is too short to reach one.</summary>
    public BinningLevel? Plateau { get; }

    /// <summary>Bins the series at every level and locates the plateau.</summary>
    public static BinningAnalysis Analyze(ReadOnlySpan<double> series)
    {
        SeriesChecks.Check(series, 2 * MinimumBins, nameof(series));
        var mean = TimeSeries.MeanUnchecked(series);
        var bins = series.ToArray();
        var levels = new List<BinningLevel>();
        double naiveVariance = 0;
        for (var k = 0; bins.Length >= MinimumBins; k++)
        {
            var binMean = TimeSeries.MeanUnchecked(bins);
            var error = Math.Sqrt(TimeSeries.VarianceUnchecked(bins, binMean) / bins.Length);
            if (k == 0) naiveVariance = error * error;
            var tau = naiveVariance == 0 ? double.NaN : 0.5 * error * error / naiveVariance;
            levels.Add(new BinningLevel(k, 1 << k, bins.Length, error, error / Math.Sqrt(2.0 * (bins.Length - 1)), tau));
            bins = Halve(bins);
        }
        var plateau = naiveVariance == 0 ? null : levels.FirstOrDefault(l => l.BinSize >= PlateauFactor * l.TauInt);
        return new BinningAnalysis(mean, series.Length, levels, plateau);
    }

    /// <summary>The mean with the plateau's error and τ_int; throws when no plateau was reached.</summary>
    public Estimate ToEstimate()
    {
        if (Levels[0].StandardError == 0) return new Estimate(Mean, 0, double.NaN, SampleCount);
        if (Plateau is null)
        {
            var last = Levels[^1];
            throw new InvalidOperationException(
                $"The binning errors of {SampleCount} samples reach no plateau: the longest bins with {MinimumBins} or more bins hold {last.BinSize} samples, "
                + $"fewer than {PlateauFactor}·τ_int ≈ {PlateauFactor * last.TauInt:G3}; run the chain longer or use the automatic window.");
        }
        return new Estimate(Mean, Plateau.StandardError, Plateau.TauInt, SampleCount);
    }

    private static double[] Halve(double[] bins)
    {
        var offset = bins.Length % 2;
        var halved = new double[bins.Length / 2];
        for (var i = 0; i < halved.Length; i++) halved[i] = 0.5 * (bins[offset + 2 * i] + bins[offset + 2 * i + 1]);
        return halved;
    }
}
