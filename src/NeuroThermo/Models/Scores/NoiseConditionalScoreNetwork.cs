using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Models.Scores;

/// <summary>
/// A score network s_θ(x, σ) = f_θ(x, log σ)/σ with f an MLP (d + 1) → hidden → … → d (GELU). Dividing by σ follows the
/// size of the true score, which grows like 1/σ as σ → 0 (Song and Ermon 2020), so f stays of order one on every
/// rung of the ladder. Feeding log σ rather than σ spreads a geometric ladder evenly over the input.
/// Parameters are kept as <c>network.layers.{l}.weight/bias</c>.
/// </summary>
public sealed class NoiseConditionalScoreNetwork : torch.nn.Module<Tensor, Tensor>, IScoreFunction
{
    [ComponentName(Name = "network")]
    private readonly Mlp _network;

    public NoiseConditionalScoreNetwork(int dimension, IReadOnlyList<int> hiddenWidths, ScalarType? dtype = null, Generator? generator = null) : base(nameof(NoiseConditionalScoreNetwork))
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        if (hiddenWidths.Count == 0 || hiddenWidths.Any(w => w < 1))
            throw new ArgumentOutOfRangeException(nameof(hiddenWidths), "Give at least one hidden layer, each at least 1 wide.");
        Dimension = dimension;
        var config = new MlpConfig { Widths = [dimension + 1, .. hiddenWidths, dimension], Hidden = Activation.GELU, Output = Activation.Identity };
        _network = new Mlp(config, dtype, generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    public int Dimension { get; }

    /// <summary>f_θ = σ s_θ for inputs [x, log σ] (N, d + 1): (N, d).</summary>
    public override Tensor forward(Tensor input) => _network.call(input);

    /// <summary>σ s_θ(x, σ) for a batch (N, d) with one σ per row (N,): (N, d), differentiable in θ.</summary>
    public Tensor ScaledScore(Tensor x, Tensor sigma)
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.cat([x, sigma.log().unsqueeze(1).to(x.dtype)], 1);    // (N, d) + (N, 1) -> (N, d + 1)
        return forward(input).MoveToOuterDisposeScope();
    }

    /// <summary>s_θ(x, σ) at one σ for the whole batch, detached.</summary>
    public Tensor Score(Tensor x, double sigma)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var sigmas = torch.full([x.shape[0]], sigma, x.dtype);
        return (ScaledScore(x, sigmas) / sigma).detach().MoveToOuterDisposeScope();
    }
}
