using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models;

/// <summary>The element-wise nonlinearities σ of an MLP layer, a^l = σ(z^l) (eq. 5.3 of the notes).</summary>
public enum Activation
{
    /// <summary>σ(z) = z: the output of a network whose cost applies its own nonlinearity (softmax).</summary>
    Identity,

    /// <summary>σ(z) = 1 / (1 + e^−z).</summary>
    Sigmoid,

    /// <summary>σ(z) = tanh z.</summary>
    Tanh,

    /// <summary>σ(z) = max(0, z).</summary>
    ReLU,

    /// <summary>σ(z) = z Φ(z), Φ the standard normal distribution function (exact, with erf).</summary>
    GELU,
}

/// <summary>Each activation and, beside it, its derivative σ'(z), which backpropagation needs.</summary>
public static class ActivationFunctions
{
    private static readonly double InverseSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>σ(z).</summary>
    public static Tensor Apply(this Activation activation, Tensor z) => activation switch
    {
        Activation.Identity => z.alias(),
        Activation.Sigmoid => z.sigmoid(),
        Activation.Tanh => z.tanh(),
        Activation.ReLU => z.relu(),
        Activation.GELU => z.gelu(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    /// <summary>
    /// σ'(z): 1; σ(1 − σ); 1 − tanh²; 1[z &gt; 0] (0 at z = 0, as autograd takes it); Φ(z) + z φ(z).
    /// </summary>
    public static Tensor Derivative(this Activation activation, Tensor z)
    {
        using var scope = torch.NewDisposeScope();
        var derivative = activation switch
        {
            Activation.Identity => torch.ones_like(z),
            Activation.Sigmoid => z.sigmoid() * (1 - z.sigmoid()),
            Activation.Tanh => 1 - z.tanh().square(),
            Activation.ReLU => z.gt(0).to(z.dtype),
            Activation.GELU => 0.5 * (1 + (z / Math.Sqrt(2)).erf()) + z * (-0.5 * z.square()).exp() * InverseSqrtTwoPi,
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
        };
        return derivative.MoveToOuterDisposeScope();
    }
}
