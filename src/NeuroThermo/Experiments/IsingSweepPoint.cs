using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Experiments;

/// <summary>The observables of one (L, T) point of <c>ising.sweep</c>, per spin, each with its error across chains.</summary>
/// <param name="Size">L.</param>
/// <param name="Temperature">T.</param>
/// <param name="Magnetization">⟨m⟩, 0 by symmetry in equilibrium at h = 0 once the chains flip; the check on the chains' balance above T_c.</param>
/// <param name="AbsoluteMagnetization">⟨|m|⟩, which tends to Yang's spontaneous magnetisation below T_c.</param>
/// <param name="Energy">⟨e⟩ = ⟨E⟩/N.</param>
/// <param name="HeatCapacity">C = β²N Var(e).</param>
/// <param name="Susceptibility">χ' = βN(⟨m²⟩ − ⟨|m|⟩²), whose peak grows as L^{γ/ν}.</param>
/// <param name="Binder">U₄ = 1 − ⟨m⁴⟩/(3⟨m²⟩²).</param>
/// <param name="TauAbsoluteMagnetization">τ_int of |m| in sweeps, averaged over chains.</param>
/// <param name="TauEnergy">τ_int of e in sweeps, averaged over chains.</param>
public sealed record IsingSweepPoint(
    int Size, double Temperature, Estimate Magnetization, Estimate AbsoluteMagnetization, Estimate Energy,
    Estimate HeatCapacity, Estimate Susceptibility, Estimate Binder, double TauAbsoluteMagnetization, double TauEnergy)
{
    /// <summary>
    /// The observables from per-sweep series [sample, chain] of e and m of independent chains. Every error is the
    /// jackknife over chains (one bin per chain), so it holds however long the autocorrelation within a chain is,
    /// provided the chains are equilibrated.
    /// </summary>
    public static IsingSweepPoint Measure(int size, double temperature, double[,] energyPerSpin, double[,] magnetization)
    {
        ArgumentNullException.ThrowIfNull(energyPerSpin);
        ArgumentNullException.ThrowIfNull(magnetization);
        var (samples, chains) = (energyPerSpin.GetLength(0), energyPerSpin.GetLength(1));
        if (magnetization.GetLength(0) != samples || magnetization.GetLength(1) != chains)
            throw new ArgumentException("The energy and magnetisation series must have the same shape.", nameof(magnetization));
        if (chains < 2) throw new ArgumentOutOfRangeException(nameof(energyPerSpin), chains, "Errors across chains need at least two chains.");
        var beta = 1 / temperature;
        var spins = size * size;
        var e = ChainMajor(energyPerSpin);
        var m = ChainMajor(magnetization);
        var absM = m.Select(Math.Abs).ToArray();
        var tauAbsM = MeanTau(absM, samples, chains);
        var tauE = MeanTau(e, samples, chains);
        return new IsingSweepPoint(size, temperature,
            Mean(m, chains, double.NaN),
            Mean(absM, chains, tauAbsM),
            Mean(e, chains, tauE),
            SpinObservables.SpecificHeat(e, beta, spins, chains),
            SpinObservables.Susceptibility(m, beta, spins, SusceptibilityForm.AbsoluteMagnetization, chains),
            SpinObservables.BinderCumulant(m, chains),
            tauAbsM, tauE);
    }

    /// <summary>The mean τ_int (in samples) of each chain's piece of a chain-major series, over the chains whose series moved and
    /// was long enough for the automatic window; NaN when none was.</summary>
    public static double MeanTau(double[] chainMajor, int samples, int chains)
    {
        ArgumentNullException.ThrowIfNull(chainMajor);
        var taus = Enumerable.Range(0, chains)
            .Select(c => TauOrNaN(chainMajor.AsSpan(c * samples, samples)))
            .Where(double.IsFinite)
            .ToArray();
        return taus.Length == 0 ? double.NaN : taus.Average();
    }

    // A series shorter than a few windows of its own τ_int has no trustworthy τ_int; the errors (across chains) do not need it.
    private static double TauOrNaN(ReadOnlySpan<double> series)
    {
        try
        {
            return Autocorrelation.Analyze(series).TauInt;
        }
        catch (ArgumentException)
        {
            return double.NaN;
        }
    }

    /// <summary>Series [sample, chain] laid out chain after chain, so that jackknife bin c is chain c.</summary>
    public static double[] ChainMajor(double[,] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var (samples, chains) = (series.GetLength(0), series.GetLength(1));
        var flat = new double[samples * chains];
        for (var c = 0; c < chains; c++)
        {
            for (var t = 0; t < samples; t++) flat[c * samples + t] = series[t, c];
        }
        return flat;
    }

    private static Estimate Mean(double[] series, int chains, double tau)
    {
        var estimate = Jackknife.Estimate(series, x => x, chains);
        return estimate with { TauInt = tau, SampleCount = series.Length };
    }
}
