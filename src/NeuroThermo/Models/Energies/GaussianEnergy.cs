using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Energies;

/// <summary>
/// E(x) = Σ_i (x_i − μ_i)²/(2 v_i), a Gaussian with diagonal covariance: at β = 1 its Boltzmann distribution is
/// N(μ, diag v); at β it is N(μ, diag v/β). ∇E = (x − μ)/v.
/// </summary>
public sealed class GaussianEnergy : ContinuousEnergy
{
    private readonly double[] _mean, _variance;

    public GaussianEnergy(IReadOnlyList<double> mean, IReadOnlyList<double> variance)
    {
        if (mean.Count == 0 || mean.Any(m => !double.IsFinite(m))) throw new ArgumentOutOfRangeException(nameof(mean), "Give at least one finite mean.");
        if (variance.Count != mean.Count || variance.Any(v => !(v > 0) || double.IsInfinity(v)))
            throw new ArgumentOutOfRangeException(nameof(variance), $"Give {mean.Count} finite positive variances.");
        _mean = mean.ToArray();
        _variance = variance.ToArray();
    }

    public override int Dimension => _mean.Length;

    /// <summary>μ.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The variances v_i at β = 1.</summary>
    public IReadOnlyList<double> Variance => _variance;

    public override Tensor forward(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        var (mean, variance) = Parameters(x.dtype);
        return ((x - mean).square() / (2.0 * variance)).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>(x − μ)/v.</summary>
    public override Tensor Gradient(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        var (mean, variance) = Parameters(x.dtype);
        return ((x.detach() - mean) / variance).MoveToOuterDisposeScope();
    }

    private (Tensor Mean, Tensor Variance) Parameters(ScalarType dtype) =>
        (torch.tensor(_mean).to(dtype).unsqueeze(0), torch.tensor(_variance).to(dtype).unsqueeze(0));   // (1, d) each
}
