namespace NeuroThermo.Sampling.Native;

/// <summary>
/// Energy and magnetisation per spin after each sweep of a <see cref="SquareIsingCheckerboard"/> run,
/// indexed [sweep, chain]. Both come out of the sweep itself (the colour-1 half-sweep already holds
/// every bond's neighbour sum), so recording them every sweep costs next to nothing.
/// </summary>
public sealed class CheckerboardTrace
{
    internal CheckerboardTrace(double[,] energyPerSpin, double[,] magnetizationPerSpin)
    {
        EnergyPerSpin = energyPerSpin;
        MagnetizationPerSpin = magnetizationPerSpin;
    }

    /// <summary>E/N = (−J Σ_⟨ij⟩ s_i s_j − h Σ_i s_i)/N after each sweep, [sweep, chain].</summary>
    public double[,] EnergyPerSpin { get; }

    /// <summary>m = Σ_i s_i / N after each sweep, [sweep, chain].</summary>
    public double[,] MagnetizationPerSpin { get; }

    /// <summary>Number of sweeps recorded.</summary>
    public int Sweeps => EnergyPerSpin.GetLength(0);

    /// <summary>Number of chains.</summary>
    public int Chains => EnergyPerSpin.GetLength(1);
}
