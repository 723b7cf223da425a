using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Scores;

/// <summary>
/// A noise-conditional score s(x, σ) ≈ ∇_x log p_σ(x), where p_σ is the data law convolved with N(0, σ² I): what
/// annealed Langevin dynamics follows down a noise ladder.
/// </summary>
public interface IScoreFunction
{
    /// <summary>d.</summary>
    int Dimension { get; }

    /// <summary>s(x, σ) for a batch (N, d) at one noise level: (N, d), detached.</summary>
    Tensor Score(Tensor x, double sigma);
}
