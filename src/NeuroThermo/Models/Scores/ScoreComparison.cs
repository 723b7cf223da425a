using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Scores;

/// <summary>How far a learned score is from an exact one, measured where the noised data actually lie.</summary>
public static class ScoreComparison
{
    /// <summary>
    /// The relative mean squared error Σ_n ‖s(x_n, σ) − s*(x_n, σ)‖² / Σ_n ‖s*(x_n, σ)‖² over points x_n drawn from
    /// p_σ (so the error is weighted by the density of the noised data: where no data are, neither training nor
    /// sampling visits, and the score there is irrelevant). 0 for a perfect score, about 1 for s = 0.
    /// </summary>
    public static double RelativeSquaredError(IScoreFunction learned, IScoreFunction exact, Tensor points, double sigma)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(exact);
        using var scope = torch.NewDisposeScope();
        var reference = exact.Score(points, sigma);
        var error = learned.Score(points, sigma) - reference;
        return error.square().sum().ItemAs<double>() / reference.square().sum().ItemAs<double>();
    }
}
