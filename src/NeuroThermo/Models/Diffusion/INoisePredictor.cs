using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Diffusion;

/// <summary>
/// What the samplers need of a denoising model: ε̂(x_t, t), its estimate of the noise that took a clean x_0 to x_t
/// (Ho et al. 2020's ε-parameterization). A trained <see cref="EpsilonNetwork"/> is one; the exact E[ε | x_t] of a
/// known data distribution is another, which is how the samplers are tested.
/// </summary>
public interface INoisePredictor
{
    /// <summary>ε̂ for noisy rows x_t (B, D) at steps t (a (B) long tensor with values in 1 … T); (B, D).</summary>
    Tensor PredictNoise(Tensor noisy, Tensor steps);
}
