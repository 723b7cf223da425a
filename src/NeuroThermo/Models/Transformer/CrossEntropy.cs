using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// The language-model loss (eq. 5.48): L = −(1/N) Σ_n ln softmax(z_n)[y_n] over N predicted tokens, and its
/// hand-written gradient with respect to the logits.
/// </summary>
public static class CrossEntropy
{
    /// <summary>L for logits (N, V) and targets (N).</summary>
    public static Tensor Loss(Tensor logits, Tensor targets) => torch.nn.functional.cross_entropy(logits, targets);

    /// <summary>∂L/∂z = (softmax(z) − one_hot(y)) / N, shape (N, V).</summary>
    public static Tensor LogitsGradient(Tensor logits, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        var probabilities = torch.nn.functional.softmax(logits, -1);
        var oneHot = torch.nn.functional.one_hot(targets, logits.size(-1)).to(logits.dtype);
        return probabilities.sub(oneHot).div(logits.size(0)).MoveToOuterDisposeScope();
    }
}
