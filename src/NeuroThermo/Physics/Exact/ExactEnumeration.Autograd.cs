using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Exact;

/// <summary>
/// Thermodynamics at one β obtained by differentiating the enumerated ln Z(β, J, h) with autograd.
/// </summary>
/// <param name="InverseTemperature">β &gt; 0.</param>
/// <param name="LogPartitionFunction">ln Z.</param>
/// <param name="InternalEnergy">U = −∂ ln Z/∂β.</param>
/// <param name="HeatCapacity">C = β² ∂² ln Z/∂β².</param>
/// <param name="Entropy">S = β(U − F) = ln Z + βU.</param>
/// <param name="SiteMagnetizations">⟨s_i⟩ = β⁻¹ ∂ ln Z/∂h_i.</param>
/// <param name="Correlations">⟨s_i s_j⟩ = β⁻¹ (∂/∂J_ij + ∂/∂J_ji) ln Z, the matrix J's entries taken as independent
/// (each pair appears as −½(J_ij + J_ji) s_i s_j); the diagonal is 1.</param>
/// <param name="Magnetization">⟨m⟩ = (βN)⁻¹ ∂ ln Z/∂δ, δ a uniform field added to every h_i.</param>
/// <param name="Susceptibility">χ = (βN)⁻¹ ∂² ln Z/∂δ².</param>
public sealed record AutogradThermodynamics(
    double InverseTemperature,
    double LogPartitionFunction,
    double InternalEnergy,
    double HeatCapacity,
    double Entropy,
    IReadOnlyList<double> SiteMagnetizations,
    double[,] Correlations,
    double Magnetization,
    double Susceptibility);

// The identities of point 4 of the issue: every thermodynamic derivative taken by autograd through the enumeration.
public sealed partial class ExactEnumeration
{
    /// <summary>
    /// U, C, S, ⟨s_i⟩, ⟨s_i s_j⟩, ⟨m⟩ and χ at <paramref name="beta"/> &gt; 0, each as a derivative of ln Z taken by autograd
    /// (first and second order, with create_graph), to be compared with the expectation values of
    /// <see cref="Thermodynamics"/> and <see cref="SiteAverages"/>.
    /// </summary>
    public AutogradThermodynamics ThermodynamicsByAutograd(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        if (beta == 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "The autograd identities divide by β, so β must be positive.");
        using var scope = torch.NewDisposeScope();
        var b = torch.full([], beta, torch.float64, requires_grad: true);
        var couplings = _couplings.clone().requires_grad_();
        var fields = _fields.clone().requires_grad_();
        var uniform = torch.zeros([], torch.float64, requires_grad: true);   // δ, added to every h_i
        var logZ = LogPartitionFunction(b, couplings, fields + uniform);

        var first = Guarded.grad([logZ], [b, couplings, fields, uniform], create_graph: true);
        var (dBeta, dCouplings, dFields, dUniform) = (first[0]!, first[1]!, first[2]!, first[3]!);
        var d2Beta = Guarded.grad([dBeta], [b], retain_graph: true)[0]!;
        var d2Uniform = Guarded.grad([dUniform], [uniform])[0]!;

        var n = SpinCount;
        var logZValue = logZ.ItemAs<double>();
        var energy = -dBeta.ItemAs<double>();
        var correlations = ((dCouplings + dCouplings.t()) / beta).detach().ToArray<double>();
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) matrix[i, j] = correlations[i * n + j];
        }
        return new AutogradThermodynamics(
            beta,
            logZValue,
            energy,
            beta * beta * d2Beta.ItemAs<double>(),
            logZValue + beta * energy,
            (dFields / beta).detach().ToArray<double>(),
            matrix,
            dUniform.ItemAs<double>() / (beta * n),
            d2Uniform.ItemAs<double>() / (beta * n));
    }
}
