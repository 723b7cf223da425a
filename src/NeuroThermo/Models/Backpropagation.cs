using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models;

/// <summary>∂C/∂W^l and ∂C/∂b^l for every layer, in order, computed by hand.</summary>
public sealed class MlpGradients : IDisposable
{
    internal MlpGradients(IReadOnlyList<Tensor> weights, IReadOnlyList<Tensor> biases)
    {
        Weights = weights;
        Biases = biases;
    }

    /// <summary>∂C/∂W^l, each (n_l, n_{l−1}).</summary>
    public IReadOnlyList<Tensor> Weights { get; }

    /// <summary>∂C/∂b^l, each (n_l).</summary>
    public IReadOnlyList<Tensor> Biases { get; }

    public void Dispose()
    {
        foreach (var t in Weights.Concat(Biases)) t.Dispose();
    }
}

/// <summary>
/// Backpropagation written out as in the notes (eqs. 5.11–5.25), independent of autograd:
/// a forward pass that keeps z^l and a^l, the output error δ^L = ∇_a C ⊙ σ'(z^L), the backward
/// recursion δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l), and ∂C/∂W^l = δ^l (a^{l−1})ᵀ, ∂C/∂b^l = δ^l,
/// summed over the rows of the batch (the cost's 1/n sits in ∇_a C). Tests hold it to autograd.
/// </summary>
public static class Backpropagation
{
    /// <summary>The gradients of <paramref name="mlp"/>'s cost on the batch (x, y).</summary>
    public static MlpGradients Compute(Mlp mlp, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(mlp);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var layers = mlp.Layers;
        var depth = layers.Count;

        // Forward pass, keeping every z^l and a^l (a[0] = x).
        var a = new List<Tensor> { x };
        var z = new List<Tensor>();
        for (var l = 0; l < depth; l++)
        {
            z.Add(torch.nn.functional.linear(a[l], layers[l].weight, layers[l].bias));   // (B, n_l)
            a.Add(Sigma(mlp, l).Apply(z[l]));
        }

        // Output error δ^L = ∇_a C ⊙ σ'(z^L), then δ^l = (δ^{l+1} W^{l+1}) ⊙ σ'(z^l) in row form.
        var delta = new Tensor[depth];
        delta[depth - 1] = mlp.Config.Cost.OutputGradient(a[depth], y) * Sigma(mlp, depth - 1).Derivative(z[depth - 1]);
        for (var l = depth - 2; l >= 0; l--)
            delta[l] = Guarded.matmul(delta[l + 1], layers[l + 1].weight) * Sigma(mlp, l).Derivative(z[l]);   // (B, n_l)

        // ∂C/∂W^l = δ^l (a^{l−1})ᵀ and ∂C/∂b^l = δ^l, summed over the batch.
        var weights = new Tensor[depth];
        var biases = new Tensor[depth];
        for (var l = 0; l < depth; l++)
        {
            weights[l] = Guarded.matmul(delta[l].t(), a[l]).MoveToOuterDisposeScope();   // (n_l, B)(B, n_{l−1})
            biases[l] = delta[l].sum(0L).MoveToOuterDisposeScope();
        }
        return new MlpGradients(weights, biases);
    }

    private static Activation Sigma(Mlp mlp, int layer) =>
        layer == mlp.Layers.Count - 1 ? mlp.Config.Output : mlp.Config.Hidden;
}
