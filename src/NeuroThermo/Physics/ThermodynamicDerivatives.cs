using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics;

/// <summary>ln Z, U and C at given β, the energy quantities obtained from a differentiable ln Z(β) by autograd.</summary>
/// <param name="InverseTemperatures">β.</param>
/// <param name="LogPartitionFunction">ln Z(β).</param>
/// <param name="InternalEnergy">U = −∂ ln Z/∂β.</param>
/// <param name="HeatCapacity">C = β² ∂² ln Z/∂β².</param>
public sealed record EnergyCurves(
    IReadOnlyList<double> InverseTemperatures,
    IReadOnlyList<double> LogPartitionFunction,
    IReadOnlyList<double> InternalEnergy,
    IReadOnlyList<double> HeatCapacity);

/// <summary>
/// The thermodynamic identities U = −∂ ln Z/∂β and C = β² ∂² ln Z/∂β², evaluated by autograd on any differentiable
/// ln Z(β) (transfer matrices, the Curie–Weiss binomial sum, Onsager's integral).
/// </summary>
public static class ThermodynamicDerivatives
{
    /// <summary>
    /// Calls <paramref name="logPartitionFunction"/> on a (B) float64 leaf holding <paramref name="betas"/> (it must return
    /// (B) values, entry b depending on β_b only) and differentiates it twice.
    /// </summary>
    public static EnergyCurves Evaluate(Func<Tensor, Tensor> logPartitionFunction, IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(logPartitionFunction);
        Numerics.CheckInverseTemperatures(betas, nameof(betas));
        using var scope = torch.NewDisposeScope();
        var beta = torch.tensor(betas.ToArray()).requires_grad_();
        var logZ = logPartitionFunction(beta);
        // Each ln Z_b depends on β_b alone, so the gradient of the sum is the vector of derivatives.
        var first = Guarded.grad(logZ.sum(), beta, create_graph: true);
        var second = Guarded.grad(first.sum(), beta);
        var b = beta.detach();
        return new EnergyCurves(
            betas.ToArray(),
            logZ.detach().ToArray<double>(),
            (-first).detach().ToArray<double>(),
            (b * b * second).ToArray<double>());
    }

    /// <summary>U = −∂ ln Z/∂β at each β by one backward pass, for when C is not needed (a third of the work of
    /// <see cref="Evaluate"/> on a large transfer matrix).</summary>
    public static IReadOnlyList<double> InternalEnergy(Func<Tensor, Tensor> logPartitionFunction, IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(logPartitionFunction);
        Numerics.CheckInverseTemperatures(betas, nameof(betas));
        using var scope = torch.NewDisposeScope();
        var beta = torch.tensor(betas.ToArray()).requires_grad_();
        var first = Guarded.grad(logPartitionFunction(beta).sum(), beta);
        return (-first).ToArray<double>();
    }
}
