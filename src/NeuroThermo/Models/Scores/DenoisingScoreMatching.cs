using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Scores;

/// <summary>
/// Denoising score matching (Vincent 2011) over a noise ladder. For x̃ = x + σz, z ~ N(0, I), the score of the
/// noising kernel is ∇_x̃ log q_σ(x̃|x) = −z/σ, and minimising E‖s_θ(x̃, σ) + z/σ‖² over θ gives s_θ(·, σ) = ∇ log p_σ,
/// the score of the noised data law. Each rung gets the weight λ(σ) = σ² (Song and Ermon 2019), which makes every
/// term ‖σ s_θ(x̃, σ) + z‖² of order one: the loss is ½ E_{σ, x, z} ‖σ s_θ(x̃, σ) + z‖² with σ drawn uniformly from the
/// ladder.
/// </summary>
public static class DenoisingScoreMatching
{
    /// <summary>The loss on a batch <paramref name="data"/> (N, d), each row with its own σ and z from <paramref name="generator"/>.</summary>
    public static Tensor Loss(NoiseConditionalScoreNetwork network, Tensor data, NoiseLadder ladder, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(ladder);
        using var scope = torch.NewDisposeScope();
        var rungs = torch.randint(0, ladder.Levels, [data.shape[0]], generator: generator);
        var sigma = torch.tensor(ladder.Sigmas.ToArray()).to(data.dtype).index_select(0, rungs);   // (N,)
        var z = torch.randn(data.shape, data.dtype, generator: generator);
        var noisy = data + sigma.unsqueeze(1) * z;
        var residual = network.ScaledScore(noisy, sigma) + z;                                       // (N, d)
        return (0.5 * residual.square().sum(1).mean()).MoveToOuterDisposeScope();
    }
}
