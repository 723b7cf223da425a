using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Physics;

/// <summary>Thermodynamics of a <see cref="FiniteSpectrum"/> at one temperature (k_B = 1, entropies in nats).</summary>
/// <param name="Temperature">T = 1/β.</param>
/// <param name="LogPartitionFunction">ln Z(β) = ln Σ_i e^{−βE_i}.</param>
/// <param name="FreeEnergy">F = −T ln Z.</param>
/// <param name="InternalEnergy">U = ⟨E⟩ = −∂ ln Z/∂β.</param>
/// <param name="Entropy">S = β(U − F), which equals the Gibbs entropy −Σ_i p_i ln p_i.</param>
/// <param name="HeatCapacity">C = β² Var(E) = β² ∂² ln Z/∂β².</param>
public readonly record struct SpectrumThermodynamics(
    double Temperature, double LogPartitionFunction, double FreeEnergy, double InternalEnergy, double Entropy, double HeatCapacity);

/// <summary>
/// The canonical ensemble of V states with energies E_i: p_i = e^{−βE_i}/Z, Z(β) = Σ_i e^{−βE_i}, β = 1/T,
/// k_B = 1 (eqs. 2.1–2.14 of the notes for a system small enough to sum). A language model's next-token distribution
/// sampled at temperature T is this ensemble with E_i = −z_i, the negated logits (<see cref="FromLogits"/>): T = 1 is
/// the model's own softmax, T → 0 greedy decoding, T → ∞ the uniform distribution.
/// </summary>
/// <remarks>
/// Energies are defined up to a constant (a shift of every logit leaves the softmax unchanged); the shift moves F and
/// U by that constant and leaves S and C alone. <see cref="At"/> evaluates the closed forms from the moments of the
/// Boltzmann weights, shifted by the ground energy so that no exponential overflows; <see cref="ByAutograd"/> obtains
/// U and C instead by differentiating ln Z(β) = logsumexp(−βE) twice in float64, the independent check.
/// </remarks>
public sealed class FiniteSpectrum
{
    private readonly double[] _energies;

    /// <summary>A spectrum of at least one finite energy.</summary>
    public FiniteSpectrum(IReadOnlyList<double> energies)
    {
        ArgumentNullException.ThrowIfNull(energies);
        if (energies.Count == 0)
            throw new ArgumentException("A spectrum needs at least one state.", nameof(energies));
        if (energies.Any(e => !double.IsFinite(e)))
            throw new ArgumentException("Every energy must be finite.", nameof(energies));
        _energies = energies.ToArray();
        GroundEnergy = _energies.Min();
        GroundDegeneracy = _energies.Count(e => e == GroundEnergy);
        var excited = _energies.Where(e => e > GroundEnergy).DefaultIfEmpty(double.PositiveInfinity).Min();
        Gap = excited - GroundEnergy;
        MeanEnergy = _energies.Average();
    }

    /// <summary>The spectrum E_i = −z_i of the next-token distribution whose logits are <paramref name="logits"/>.</summary>
    public static FiniteSpectrum FromLogits(IReadOnlyList<double> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return new FiniteSpectrum(logits.Select(z => -z).ToArray());
    }

    /// <summary>The energies E_i.</summary>
    public IReadOnlyList<double> Energies => _energies;

    /// <summary>V, the number of states (the vocabulary size for logits).</summary>
    public int StateCount => _energies.Length;

    /// <summary>E_min, the limit of U as T → 0 (minus the largest logit).</summary>
    public double GroundEnergy { get; }

    /// <summary>g, the number of states at exactly <see cref="GroundEnergy"/> (ties of the top logit).</summary>
    public int GroundDegeneracy { get; }

    /// <summary>Distance from the ground energy to the next level (+∞ if every state is a ground state). Below
    /// T ≈ Δ the excited states freeze out: S − ln g and C fall as e^{−Δ/T}.</summary>
    public double Gap { get; }

    /// <summary>The plain mean of the energies, the limit of U as T → ∞.</summary>
    public double MeanEnergy { get; }

    /// <summary>S(T → 0) = ln g: only the ground states keep weight.</summary>
    public double ZeroTemperatureEntropy => Math.Log(GroundDegeneracy);

    /// <summary>S(T → ∞) = ln V: every state is equally likely.</summary>
    public double InfiniteTemperatureEntropy => Math.Log(StateCount);

    /// <summary>
    /// The closed forms at temperature T &gt; 0 from the normalised weights p_i = w_i / Σw, w_i = e^{−β(E_i − E_min)} ≤ 1:
    /// ln Z = −βE_min + ln Σw, U = E_min + ⟨E − E_min⟩, S = ln Σw + β⟨E − E_min⟩ (β(U − F) without the cancelling
    /// βE_min terms), C = β²⟨(E − U)²⟩ (the centred second moment, which never cancels).
    /// </summary>
    public SpectrumThermodynamics At(double temperature)
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be finite and > 0.");
        var beta = 1 / temperature;
        double weightSum = 0, excitation = 0;
        foreach (var e in _energies)
        {
            var w = Math.Exp(-beta * (e - GroundEnergy));
            weightSum += w;
            excitation += w * (e - GroundEnergy);
        }
        excitation /= weightSum;                        // ⟨E − E_min⟩
        var internalEnergy = GroundEnergy + excitation;
        double variance = 0;
        foreach (var e in _energies)
            variance += Math.Exp(-beta * (e - GroundEnergy)) * (e - internalEnergy) * (e - internalEnergy);
        variance /= weightSum;
        var logZ = -beta * GroundEnergy + Math.Log(weightSum);
        return new SpectrumThermodynamics(temperature, logZ, -temperature * logZ, internalEnergy,
            Math.Log(weightSum) + beta * excitation, beta * beta * variance);
    }

    /// <summary>
    /// ln Z, U = −∂ ln Z/∂β and C = β² ∂² ln Z/∂β² at each temperature by autograd (double backward with
    /// create_graph) through ln Z(β) = logsumexp(−βE) in float64; independent of the moment formulas of <see cref="At"/>.
    /// </summary>
    public EnergyCurves ByAutograd(IReadOnlyList<double> temperatures)
    {
        ArgumentNullException.ThrowIfNull(temperatures);
        using var scope = torch.NewDisposeScope();
        var energies = torch.tensor(_energies); // (V) float64
        var betas = temperatures.Select(t => 1 / t).ToArray();
        // (B, 1) × (1, V) -> (B, V) exponents, one row per β; each ln Z_b depends on β_b only.
        return ThermodynamicDerivatives.Evaluate(
            beta => beta.unsqueeze(1).mul(energies.unsqueeze(0)).neg().logsumexp(1), betas);
    }
}
