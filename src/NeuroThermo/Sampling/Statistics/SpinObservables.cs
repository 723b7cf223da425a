namespace NeuroThermo.Sampling.Statistics;

/// <summary>Which fluctuation of the magnetization <see cref="SpinObservables.Susceptibility"/> measures.</summary>
public enum SusceptibilityForm
{
    /// <summary>
    /// χ' = βN(⟨m²⟩ − ⟨|m|⟩²). In a finite system at h = 0 the chain flips between ±m, so ⟨m⟩ → 0 and βN(⟨m²⟩ − ⟨m⟩²)
    /// grows like βN⟨m²⟩ ∝ N below T_c; subtracting ⟨|m|⟩² removes that flip and leaves the fluctuation within
    /// one phase. The usual choice for finite-size scaling of χ_max.
    /// </summary>
    AbsoluteMagnetization,

    /// <summary>
    /// χ = βN⟨m²⟩, the h = 0 symmetric-phase form (⟨m⟩ = 0 by symmetry); equal to the thermodynamic χ above T_c and
    /// what the second-moment correlation length uses.
    /// </summary>
    SecondMoment,
}

/// <summary>
/// Thermodynamic observables with jackknife error bars from per-sample series of an Ising-type system of N spins.
/// </summary>
/// <remarks>
/// Conventions: β = 1/T, k_B = 1. <c>m</c> is the magnetization per spin, m = (1/N) Σ_i s_i, and <c>e</c> the energy
/// per spin, e = E/N, one value per sample. χ and C are per spin: χ = βN·Var(m) = (β/N)·Var(M) and
/// C = β²N·Var(e) = (β²/N)·Var(E), so they stay finite as N grows away from criticality. The errors come from the
/// jackknife over bins (<see cref="Jackknife"/>), which must be longer than τ_int of the slowest series.
/// </remarks>
public static class SpinObservables
{
    /// <summary>
    /// The Binder cumulant U₄ = 1 − ⟨m⁴⟩/(3⟨m²⟩²): 0 for Gaussian m (the disordered phase), 2/3 for m = ±m₀
    /// (the ordered phase); curves for different L cross at T_c.
    /// </summary>
    public static Estimate BinderCumulant(double[] magnetization, int binCount = Jackknife.DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(magnetization);
        SeriesChecks.Check(magnetization, 2, nameof(magnetization));
        var m2 = magnetization.Select(m => m * m).ToArray();
        var m4 = m2.Select(x => x * x).ToArray();
        return Jackknife.Estimate([m2, m4], means => 1 - means[1] / (3 * means[0] * means[0]), binCount);
    }

    /// <summary>The susceptibility per spin in the chosen <paramref name="form"/>, from m per spin of N spins at β.</summary>
    public static Estimate Susceptibility(
        double[] magnetization, double beta, int spins, SusceptibilityForm form = SusceptibilityForm.AbsoluteMagnetization,
        int binCount = Jackknife.DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(magnetization);
        CheckSystem(beta, spins);
        SeriesChecks.Check(magnetization, 2, nameof(magnetization));
        var m2 = magnetization.Select(m => m * m).ToArray();
        switch (form)
        {
            case SusceptibilityForm.AbsoluteMagnetization:
                var abs = magnetization.Select(Math.Abs).ToArray();
                return Jackknife.Estimate([m2, abs], means => beta * spins * (means[0] - means[1] * means[1]), binCount);
            case SusceptibilityForm.SecondMoment:
                return Jackknife.Estimate([m2], means => beta * spins * means[0], binCount);
            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown susceptibility form.");
        }
    }

    /// <summary>The specific heat per spin C = β²N(⟨e²⟩ − ⟨e⟩²) from e = E/N per sample of N spins at β.</summary>
    public static Estimate SpecificHeat(double[] energyPerSpin, double beta, int spins, int binCount = Jackknife.DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(energyPerSpin);
        CheckSystem(beta, spins);
        // Centre first: ⟨e²⟩ − ⟨e⟩² of the raw e cancels badly when |⟨e⟩| ≫ its spread (e ≈ −2 near the ground state).
        SeriesChecks.Check(energyPerSpin, 2, nameof(energyPerSpin));
        var shift = TimeSeries.MeanUnchecked(energyPerSpin);
        var e = energyPerSpin.Select(x => x - shift).ToArray();
        var e2 = e.Select(x => x * x).ToArray();
        return Jackknife.Estimate([e, e2], means => beta * beta * spins * (means[1] - means[0] * means[0]), binCount);
    }

    private static void CheckSystem(double beta, int spins)
    {
        if (!(beta >= 0) || double.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "The inverse temperature β must be finite and ≥ 0.");
        if (spins < 1) throw new ArgumentOutOfRangeException(nameof(spins), spins, "The system needs at least one spin.");
    }
}
