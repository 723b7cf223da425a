namespace NeuroThermo.Models.Transformer;

/// <summary>
/// How the next token is drawn from logits z. With energies E_v = −z_v the model's distribution is a
/// Boltzmann distribution p_v ∝ exp(−β E_v) at β = 1/T: T = 1 is the model's own distribution, T → 0 puts
/// all mass on the argmax (greedy decoding, the ground state), T → ∞ tends to the uniform distribution.
/// Top-k and top-p then truncate it and renormalise.
/// </summary>
public sealed record SamplingConfig
{
    /// <summary>T ≥ 0; 1 samples the model's distribution, 0 is greedy.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most probable tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of most probable tokens whose mass reaches p (nucleus sampling); 1 keeps all.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (!(Temperature >= 0) || double.IsPositiveInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be finite and ≥ 0");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "must be ≥ 0 (0 keeps every token)");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "must be in (0, 1]");
    }
}
