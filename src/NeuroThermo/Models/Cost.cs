using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models;

/// <summary>The cost C of a batch of n examples, averaged over the batch.</summary>
public enum Cost
{
    /// <summary>
    /// C = −(1/n) Σ_x ln softmax(z^L(x))_y(x): the output layer's z^L are logits, and the target
    /// is a class index (or a one-hot row). ∂C/∂z^L = (softmax(z^L) − y)/n.
    /// </summary>
    SoftmaxCrossEntropy,

    /// <summary>
    /// C = (1/2n) Σ_x ‖a^L(x) − y(x)‖², the quadratic cost of eq. 5.8, with a^L = σ(z^L).
    /// ∇_a C = (a^L − y)/n.
    /// </summary>
    Quadratic,
}

/// <summary>Values and output-layer gradients of the costs.</summary>
public static class CostFunctions
{
    /// <summary>C for outputs a^L (logits for cross-entropy) and targets y: (n) class indices or (n, k) rows.</summary>
    public static Tensor Value(this Cost cost, Tensor output, Tensor target) => cost switch
    {
        Cost.SoftmaxCrossEntropy => target.dtype.IsFloatingPoint()
            ? -(torch.nn.functional.log_softmax(output, 1) * target).sum() / output.size(0)
            : torch.nn.functional.cross_entropy(output, target),
        Cost.Quadratic => (output - Rows(target, output)).square().sum() / (2 * output.size(0)),
        _ => throw new ArgumentOutOfRangeException(nameof(cost), cost, "unknown cost"),
    };

    /// <summary>
    /// ∇_a C, the gradient with respect to the network's output a^L: (a^L − y)/n for the quadratic
    /// cost, and (softmax(a^L) − y)/n for softmax cross-entropy, where a^L are the logits and the
    /// softmax Jacobian and the logarithm cancel.
    /// </summary>
    public static Tensor OutputGradient(this Cost cost, Tensor output, Tensor target)
    {
        using var scope = torch.NewDisposeScope();
        var rows = Rows(target, output);
        var gradient = cost switch
        {
            Cost.SoftmaxCrossEntropy => (torch.nn.functional.softmax(output, 1) - rows) / output.size(0),
            Cost.Quadratic => (output - rows) / output.size(0),
            _ => throw new ArgumentOutOfRangeException(nameof(cost), cost, "unknown cost"),
        };
        return gradient.MoveToOuterDisposeScope();
    }

    /// <summary>Targets as rows matching the output: class indices become one-hot rows.</summary>
    private static Tensor Rows(Tensor target, Tensor output) =>
        target.dtype.IsFloatingPoint()
            ? target.to(output.dtype)
            : torch.nn.functional.one_hot(target, output.size(1)).to(output.dtype);
}
