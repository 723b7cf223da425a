using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Energies;

/// <summary>
/// An energy E(x) on x ∈ ℝ^d, evaluated row by row on a batch (N, d) → (N,). Its Boltzmann distribution at inverse
/// temperature β (k_B = 1) is p(x) = e^{−βE(x)}/Z, the stationary law of the Langevin dynamics
/// dx = −∇E dt + √(2/β) dW (Fokker–Planck). ∇E comes from autograd unless a subclass writes it in closed form, in
/// which case the tests compare the two in float64.
/// </summary>
public abstract class ContinuousEnergy : torch.nn.Module<Tensor, Tensor>
{
    protected ContinuousEnergy() : base(nameof(ContinuousEnergy))
    {
    }

    /// <summary>d, the dimension of x.</summary>
    public abstract int Dimension { get; }

    /// <summary>∇E(x) for a batch (N, d) → (N, d), detached; by autograd here.</summary>
    public virtual Tensor Gradient(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        var input = x.detach().requires_grad_();
        // Only the graph from x matters; parameters of a learned energy stay out of the result and their .grad untouched.
        using (torch.enable_grad())
        {
            var gradient = Guarded.grad(forward(input).sum(), input);
            return gradient.detach().MoveToOuterDisposeScope();
        }
    }

    /// <summary>Throws unless <paramref name="x"/> is a batch (N, d) of this energy's dimension.</summary>
    protected void CheckBatch(Tensor x)
    {
        if (x.dim() != 2 || x.shape[1] != Dimension)
            throw new ArgumentException($"Expected a batch of shape (N, {Dimension}), got ({string.Join(", ", x.shape)}).", nameof(x));
    }
}
