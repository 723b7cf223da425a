using NeuroThermo.Data;
using NeuroThermo.Models.Energies;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Energies;

/// <summary>Closed-form gradients of the analytic energies against autograd, and autograd against finite differences.</summary>
public sealed class ContinuousEnergyTests
{
    /// <summary>Closed form and autograd agree to rounding in float64.</summary>
    private const double GradientTol = 1e-10;

    /// <summary>Central differences with h = 1e-5 have truncation error ~h²·|E'''| ≈ 1e-10 and rounding ~1e-16/h ≈ 1e-11.</summary>
    private const double FiniteDifferenceTol = 1e-7;

    public static TheoryData<string> AnalyticEnergies => ["gaussian", "double-well", "banana", "mixture"];

    private static ContinuousEnergy Make(string name) => name switch
    {
        "gaussian" => new GaussianEnergy([0.5, -1.0, 2.0], [0.7, 1.3, 2.0]),
        "double-well" => new DoubleWellEnergy(1.3, 0.8),
        "banana" => new BananaEnergy(1.5, 0.5),
        "mixture" => new GaussianMixtureEnergy(Toy2dGaussianMixture.OnCircle(5, 1.5, 0.4)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(AnalyticEnergies))]
    public void ClosedFormGradient_MatchesAutograd(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var energy = Make(name);
        using var generator = new Generator(2);
        var x = (1.5 * torch.randn([50, energy.Dimension], torch.float64, generator: generator)).requires_grad_();
        var autograd = Guarded.grad(energy.call(x).sum(), x);
        var closedForm = energy.Gradient(x);
        Assert.True((autograd - closedForm).abs().max().ItemAs<double>() < GradientTol);
    }

    [Fact]
    public void MlpEnergy_AutogradGradient_MatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(4);
        using var energy = new MlpEnergy(2, [16, 16], torch.float64, generator);
        var x = torch.randn([8, 2], torch.float64, generator: generator);
        var gradient = energy.Gradient(x);
        const double h = 1e-5;
        for (var axis = 0; axis < 2; axis++)
        {
            var step = torch.zeros([1, 2], torch.float64);
            step[0, axis] = torch.tensor(h);
            var difference = (energy.call(x + step) - energy.call(x - step)) / (2 * h);
            Assert.True((difference - gradient.select(1, axis)).abs().max().ItemAs<double>() < FiniteDifferenceTol);
        }
    }

    [Fact]
    public void GaussianMixtureEnergy_IsMinusTheLogDensity()
    {
        using var scope = torch.NewDisposeScope();
        var mixture = Toy2dGaussianMixture.OnCircle(3, 1.0, 0.5);
        using var energy = new GaussianMixtureEnergy(mixture);
        var x = torch.tensor(new[] { 0.0, 0.0, 1.0, 0.0 }, [2, 2]);
        Assert.True((energy.call(x) + mixture.LogDensity(x)).abs().max().ItemAs<double>() == 0);
    }

    [Fact]
    public void WrongDimension_IsRejected()
    {
        using var scope = torch.NewDisposeScope();
        using var energy = new BananaEnergy();
        Assert.Throws<ArgumentException>(() => energy.call(torch.zeros([4, 3], torch.float64)));
    }
}
