using NeuroThermo.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Scores;

/// <summary>
/// The exact noise-conditional score of a Gaussian mixture: p_σ is the mixture with s_k² + σ², so
/// s(x, σ) = ∇ log p_σ(x) in closed form. The reference a learned score is measured against.
/// </summary>
public sealed class MixtureScore(Toy2dGaussianMixture mixture) : IScoreFunction
{
    public Toy2dGaussianMixture Mixture { get; } = mixture ?? throw new ArgumentNullException(nameof(mixture));

    public int Dimension => 2;

    public Tensor Score(Tensor x, double sigma) => Mixture.Smoothed(sigma).Score(x);
}
