using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Models.Energies;

/// <summary>
/// A learned energy E_θ(x) = f_θ(x), f an MLP d → hidden → … → 1 with smooth hidden units (GELU), so that ∇_x E is
/// continuous and Langevin steps on it are well defined. ∇E by autograd. Parameters are kept as
/// <c>network.layers.{l}.weight/bias</c>.
/// </summary>
public sealed class MlpEnergy : ContinuousEnergy
{
    [ComponentName(Name = "network")]
    private readonly Mlp _network;

    public MlpEnergy(int dimension, IReadOnlyList<int> hiddenWidths, ScalarType? dtype = null, Generator? generator = null)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        if (hiddenWidths.Count == 0 || hiddenWidths.Any(w => w < 1))
            throw new ArgumentOutOfRangeException(nameof(hiddenWidths), "Give at least one hidden layer, each at least 1 wide.");
        Dimension = dimension;
        var config = new MlpConfig { Widths = [dimension, .. hiddenWidths, 1], Hidden = Activation.GELU, Output = Activation.Identity };
        _network = new Mlp(config, dtype, generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    public override int Dimension { get; }

    /// <summary>f_θ(x): (N, d) → (N,).</summary>
    public override Tensor forward(Tensor x)
    {
        CheckBatch(x);
        using var output = _network.call(x);   // (N, 1)
        return output.squeeze(1);
    }
}
