using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.MeanField;
using NeuroThermo.Physics.TransferMatrices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>Mistakes a caller can make end in one clear sentence naming the parameter.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void NonSymmetricCouplings_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>("couplings", () => new SpinGlassModel(new double[,] { { 0, 1 }, { 0.5, 0 } }, [0.0, 0]));
        Assert.Contains("symmetric", error.Message);
        Assert.Contains("J[0,1] = 1", error.Message);
    }

    [Fact]
    public void NonZeroDiagonal_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>("couplings", () => new SpinGlassModel(new double[,] { { 0, 1 }, { 1, 0.25 } }, [0.0, 0]));
        Assert.Contains("zero diagonal", error.Message);
    }

    [Fact]
    public void WrongShapes_AreRejected()
    {
        Assert.Throws<ArgumentException>("couplings", () => new SpinGlassModel(new double[,] { { 0, 1, 2 }, { 1, 0, 3 } }, [0.0, 0]));
        Assert.Throws<ArgumentException>("fields", () => new SpinGlassModel(new double[,] { { 0, 1 }, { 1, 0 } }, [0.0, 0, 0]));
        Assert.Throws<ArgumentException>("bonds", () => new EdwardsAndersonModel(Lattice.Chain(4, Boundary.Open), [1.0, 1.0]));
        using var model = new IsingModel(Lattice.Chain(4, Boundary.Open));
        using var spins = torch.ones([2, 5], torch.float64);
        Assert.Throws<ArgumentException>("spins", () => model.Energy(spins));
    }

    [Theory]
    [InlineData("chain", "IsingChainTransferMatrix")]
    [InlineData("square", "IsingStripTransferMatrix")]
    [InlineData("curie-weiss", "CurieWeissExact")]
    [InlineData("sk", "Monte Carlo")]
    public void TooManySpinsForEnumeration_NamesTheMethodThatWorks(string system, string advice)
    {
        using SpinEnergy model = system switch
        {
            "chain" => new IsingModel(Lattice.Chain(40, Boundary.Periodic)),
            "square" => new IsingModel(Lattice.Square(6, 6, Boundary.Periodic)),
            "curie-weiss" => new CurieWeissModel(1000),
            _ => SherringtonKirkpatrick.Sample(30, new Generator(1)),
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>("model", () => new ExactEnumeration(model));
        Assert.Contains("at most 26 spins", error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void NegativeBeta_IsRejectedWhereTheMethodNeedsBetaAtLeastZero()
    {
        using var model = TestModels.FrustratedPlaquette();
        using var enumeration = new ExactEnumeration(model);
        Assert.Throws<ArgumentOutOfRangeException>("betas", () => enumeration.Thermodynamics([0.5, -0.1]));
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => enumeration.Probabilities(-1));
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => enumeration.ThermodynamicsByAutograd(0));
        using var negative = torch.tensor(new[] { -0.5 });
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => enumeration.LogPartitionFunction(negative));
        using var chain = new IsingChainTransferMatrix(10, Boundary.Open);
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => chain.LogPartitionFunction(-0.5));
        Assert.Throws<ArgumentOutOfRangeException>("beta", () => CurieWeissMeanField.Magnetization(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>("width", () => new IsingStripTransferMatrix(13, 4, Boundary.Periodic, Boundary.Periodic));
    }
}
