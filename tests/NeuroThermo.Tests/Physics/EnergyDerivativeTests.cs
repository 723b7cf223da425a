using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>
/// Each model's hand-written local field and flip energy against what they claim to be: the energy difference of a
/// flip, the derivative −∂E/∂s_i taken by autograd, and the dense quadratic form −½ sᵀJs − hᵀs.
/// </summary>
public sealed class EnergyDerivativeTests
{
    private const double AbsTol = 1e-12;
    private const int Batch = 16;

    [Theory]
    [MemberData(nameof(Models))]
    public void FlipEnergyChange_MatchesEnergyDifference(string name)
    {
        using var model = TestModels.Create(name);
        using var scope = torch.NewDisposeScope();
        var spins = RandomSpins(model.SpinCount);
        var energy = model.Energy(spins);
        var delta = model.FlipEnergyChange(spins);
        for (var i = 0; i < model.SpinCount; i++)
        {
            var flipped = spins.clone();
            flipped[.., i] = -spins[.., i];
            AssertClose(model.Energy(flipped) - energy, delta[.., i]);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void LocalField_IsMinusEnergyGradient(string name)
    {
        using var model = TestModels.Create(name);
        using var scope = torch.NewDisposeScope();
        var spins = RandomSpins(model.SpinCount).requires_grad_();
        var gradient = Guarded.grad(model.Energy(spins).sum(), spins);
        AssertClose(model.LocalField(spins.detach()), -gradient);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Energy_MatchesDenseQuadraticForm(string name)
    {
        using var model = TestModels.Create(name);
        using var scope = torch.NewDisposeScope();
        var spins = RandomSpins(model.SpinCount);
        var j = model.CouplingMatrix();
        var h = model.FieldVector();
        Assert.Equal(0.0, j.diagonal().abs().max().ItemAs<double>());
        Assert.Equal(0.0, (j - j.t()).abs().max().ItemAs<double>());
        var quadratic = -((Guarded.matmul(spins, j) * spins).sum(1) * 0.5) - Guarded.matmul(spins, h);
        AssertClose(model.Energy(spins), quadratic);
        AssertClose(model.LocalField(spins), Guarded.matmul(spins, j) + h);
    }

    [Fact]
    public void Ising_GradientReachesCallersCoupling()
    {
        using var scope = torch.NewDisposeScope();
        var coupling = torch.full([], 0.9, torch.float64, requires_grad: true);
        var field = torch.full([], 0.2, torch.float64, requires_grad: true);
        using var model = new NeuroThermo.Physics.Energies.IsingModel(
            NeuroThermo.Physics.Lattices.Lattice.Chain(5, NeuroThermo.Physics.Lattices.Boundary.Periodic), coupling, field);
        var spins = RandomSpins(5);
        var grads = Guarded.grad([model.Energy(spins).sum()], [coupling, field]);
        // ∂E/∂J = −Σ_⟨ij⟩ s_i s_j and ∂E/∂h = −Σ_i s_i, summed over the batch.
        var bonds = (spins * spins.roll(-1, 1)).sum();
        Assert.Equal(-bonds.ItemAs<double>(), grads[0]!.ItemAs<double>(), AbsTol);
        Assert.Equal(-spins.sum().ItemAs<double>(), grads[1]!.ItemAs<double>(), AbsTol);
    }

    public static TheoryData<string> Models => TestModels.Names;

    private static Tensor RandomSpins(int n)
    {
        using var generator = new Generator(123);
        return SpinConfigurations.Random(Batch, n, generator);
    }

    private static void AssertClose(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (actual - expected).abs().max().ItemAs<double>();
        Assert.True(difference <= AbsTol, $"largest difference {difference}");
    }
}
