namespace NeuroThermo.Renormalization;

/// <summary>One approximation's estimate of the square-lattice Ising critical point, in units with J = 1 and k_B = 1.</summary>
/// <param name="Method">How it was obtained.</param>
/// <param name="CriticalCoupling">K_c = βJ at the transition.</param>
/// <param name="CorrelationLengthExponent">ν, or null when the method gives none.</param>
public sealed record CriticalEstimate(string Method, double CriticalCoupling, double? CorrelationLengthExponent)
{
    /// <summary>T_c = J / K_c.</summary>
    public double CriticalTemperature => 1 / CriticalCoupling;
}
