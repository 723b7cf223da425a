using NeuroThermo.Physics;
using NeuroThermo.Physics.Exact;

namespace NeuroThermo.Experiments;

/// <summary>The per-spin quantities <c>physics.exact</c> reports, each with its plot file and axis label.</summary>
public enum PhysicsQuantity
{
    FreeEnergy,
    InternalEnergy,
    Entropy,
    HeatCapacity,
    AbsoluteMagnetization,
    Susceptibility,
}

/// <summary>A comparison curve on the run's temperature grid (NaN where it does not apply).</summary>
/// <param name="Label">Legend text, e.g. "Onsager (L → ∞)".</param>
/// <param name="Quantity">Which plot it belongs on.</param>
/// <param name="Values">One value per temperature, per spin.</param>
public sealed record PhysicsExactCurve(string Label, PhysicsQuantity Quantity, IReadOnlyList<double> Values);

/// <summary>What a <c>physics.exact</c> run computed.</summary>
/// <param name="System">One line describing the model.</param>
/// <param name="Method">How the exact curves were obtained.</param>
/// <param name="Temperatures">The grid, ascending.</param>
/// <param name="Points">Exact thermodynamics at each temperature.</param>
/// <param name="GroundStates">Ground-state energy and degeneracy, when the method enumerates configurations.</param>
/// <param name="Overlays">Mean-field, transfer-matrix, Onsager and high-temperature curves that apply to this system.</param>
public sealed record PhysicsExactResult(
    string System,
    string Method,
    IReadOnlyList<double> Temperatures,
    IReadOnlyList<ThermodynamicPoint> Points,
    GroundStateSet? GroundStates,
    IReadOnlyList<PhysicsExactCurve> Overlays)
{
    /// <summary>N.</summary>
    public int SpinCount => Points[0].SpinCount;

    /// <summary>The exact values of <paramref name="quantity"/> per spin (χ is already per spin), one per temperature.</summary>
    public double[] PerSpin(PhysicsQuantity quantity) => Points.Select(p => quantity switch
    {
        PhysicsQuantity.FreeEnergy => p.FreeEnergy / p.SpinCount,
        PhysicsQuantity.InternalEnergy => p.InternalEnergy / p.SpinCount,
        PhysicsQuantity.Entropy => p.Entropy / p.SpinCount,
        PhysicsQuantity.HeatCapacity => p.HeatCapacity / p.SpinCount,
        PhysicsQuantity.AbsoluteMagnetization => p.AbsoluteMagnetization,
        PhysicsQuantity.Susceptibility => p.Susceptibility,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Unknown quantity."),
    }).ToArray();
}
