namespace NeuroThermo.Physics;

/// <summary>
/// Exact thermodynamics of N Ising spins at one inverse temperature β = 1/T (k_B = 1), from ln Z, the first two
/// moments of the energy and the distribution of the number of up spins.
/// </summary>
/// <param name="SpinCount">N.</param>
/// <param name="InverseTemperature">β ≥ 0.</param>
/// <param name="LogPartitionFunction">ln Z = ln Σ_s e^{−βE(s)}.</param>
/// <param name="InternalEnergy">U = ⟨E⟩.</param>
/// <param name="EnergyVariance">⟨E²⟩ − ⟨E⟩².</param>
/// <param name="UpCountDistribution">P(k up spins) for k = 0 … N, i.e. of the magnetization per spin m = (2k − N)/N.</param>
public sealed record ThermodynamicPoint(
    int SpinCount,
    double InverseTemperature,
    double LogPartitionFunction,
    double InternalEnergy,
    double EnergyVariance,
    IReadOnlyList<double> UpCountDistribution)
{
    /// <summary>T = 1/β (infinite at β = 0).</summary>
    public double Temperature => 1 / InverseTemperature;

    /// <summary>F = −T ln Z (−∞ at β = 0, where ln Z = N ln 2 &gt; 0).</summary>
    public double FreeEnergy => -LogPartitionFunction / InverseTemperature;

    /// <summary>The free entropy Φ = ln Z = −βF.</summary>
    public double FreeEntropy => LogPartitionFunction;

    /// <summary>S = β(U − F) = ln Z + βU.</summary>
    public double Entropy => LogPartitionFunction + InverseTemperature * InternalEnergy;

    /// <summary>C = β²(⟨E²⟩ − ⟨E⟩²) = β² ∂² ln Z/∂β².</summary>
    public double HeatCapacity => InverseTemperature * InverseTemperature * EnergyVariance;

    /// <summary>⟨m⟩ with m = (1/N) Σ_i s_i.</summary>
    public double Magnetization => MagnetizationMoment(m => m);

    /// <summary>⟨|m|⟩, the order parameter of a finite system at h = 0, where ⟨m⟩ vanishes by symmetry.</summary>
    public double AbsoluteMagnetization => MagnetizationMoment(Math.Abs);

    /// <summary>⟨m²⟩.</summary>
    public double MagnetizationSquared => MagnetizationMoment(m => m * m);

    /// <summary>
    /// χ = βN(⟨m²⟩ − ⟨m⟩²) = ∂⟨m⟩/∂h, the response to a uniform field added to every h_i
    /// (= (1/(βN)) ∂² ln Z/∂h²), summed about the mean so that it keeps its relative precision when m is nearly saturated.
    /// </summary>
    public double Susceptibility
    {
        get
        {
            var mean = Magnetization;
            return InverseTemperature * SpinCount * MagnetizationMoment(m => (m - mean) * (m - mean));
        }
    }

    private double MagnetizationMoment(Func<double, double> f)
    {
        var sum = 0.0;
        for (var k = 0; k < UpCountDistribution.Count; k++)
            sum += UpCountDistribution[k] * f((2.0 * k - SpinCount) / SpinCount);
        return sum;
    }
}
