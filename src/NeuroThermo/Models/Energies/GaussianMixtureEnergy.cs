using NeuroThermo.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Energies;

/// <summary>
/// E(x) = −log p(x) for a Gaussian mixture p in the plane (<see cref="Toy2dGaussianMixture"/>): at β = 1 the Boltzmann
/// distribution is the mixture itself, with Z = 1. ∇E = −score, in closed form.
/// </summary>
public sealed class GaussianMixtureEnergy : ContinuousEnergy
{
    public GaussianMixtureEnergy(Toy2dGaussianMixture mixture)
    {
        Mixture = mixture ?? throw new ArgumentNullException(nameof(mixture));
    }

    public Toy2dGaussianMixture Mixture { get; }

    public override int Dimension => 2;

    public override Tensor forward(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        return (-Mixture.LogDensity(x)).MoveToOuterDisposeScope();
    }

    /// <summary>−∇ log p(x).</summary>
    public override Tensor Gradient(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        return (-Mixture.Score(x.detach())).MoveToOuterDisposeScope();
    }
}
