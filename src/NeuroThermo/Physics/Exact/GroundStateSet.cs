namespace NeuroThermo.Physics.Exact;

/// <summary>
/// The lowest energy of a model and the configurations that reach it.
/// </summary>
/// <param name="Energy">E₀ = min_s E(s).</param>
/// <param name="Degeneracy">How many configurations have E = E₀ (within the tolerance of <see cref="ExactEnumeration.GroundStates"/>);
/// the zero-temperature entropy is ln of it.</param>
/// <param name="Codes">The codes of the ground states in increasing order (see <see cref="SpinConfigurations"/>), at most as many as were asked for.</param>
public sealed record GroundStateSet(double Energy, long Degeneracy, IReadOnlyList<long> Codes)
{
    /// <summary>S(T → 0) = ln(degeneracy).</summary>
    public double ResidualEntropy => Math.Log(Degeneracy);
}
