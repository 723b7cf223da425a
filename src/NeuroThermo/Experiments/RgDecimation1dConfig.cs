namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>rg.decimation1d</c>: the decimation flow of the zero-field Ising chain, Z of rings of
/// 2^n spins from the flow against the transfer matrix, and the free-energy functional equation (eqs. 3.3–3.16).
/// </summary>
public sealed record RgDecimation1dConfig
{
    /// <summary>Starting couplings K = βJ of the flows and of the Z comparison; from weak (0.1) to strong (3), where
    /// the chain is ordered over ~e^{2K}/2 ≈ 200 spins and the flow needs several steps to leave K ≈ K − ½ ln 2.</summary>
    [ConfigRange(0, 100)]
    public double[] Couplings { get; init; } = [0.1, 0.5, 1, 2, 3];

    /// <summary>Largest n of the rings of N = 2^n spins compared with the transfer matrix; 20 is a million spins
    /// (the transfer-matrix class takes N up to 2^30).</summary>
    [ConfigRange(1, 30)]
    public int Levels { get; init; } = 20;

    /// <summary>Decimation steps drawn in the flow plot; by 10 every default start is at K* = 0 to plotting accuracy.</summary>
    [ConfigRange(1, 1000)]
    public int FlowSteps { get; init; } = 10;

    /// <summary>Largest K of the grid on which the free energy density from the flow is set against ln(2 cosh K).</summary>
    [ConfigRange(0, 100, MinimumExclusive = true)]
    public double FreeEnergyCouplingMax { get; init; } = 3;

    /// <summary>Points of that grid, from K = 0; 31 give a step of 0.1 by default.</summary>
    [ConfigRange(2, 10_000)]
    public int FreeEnergyPoints { get; init; } = 31;
}
