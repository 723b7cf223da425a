using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

/// <summary>Small models of every kind, built the same way by every test that needs them.</summary>
internal static class TestModels
{
    /// <summary>Names of the models <see cref="Create"/> builds, for [Theory] data.</summary>
    public static TheoryData<string> Names => new()
    {
        "ising-chain-open", "ising-square-periodic", "ising-cubic-open", "ising-custom", "curie-weiss",
        "ea-plus-minus", "ea-gaussian", "sk", "spin-glass",
    };

    public static SpinEnergy Create(string name) => name switch
    {
        "ising-chain-open" => new IsingModel(Lattice.Chain(7, Boundary.Open), coupling: 0.8, field: 0.3),
        "ising-square-periodic" => new IsingModel(Lattice.Square(3, 3, Boundary.Periodic), coupling: -0.6, field: 0.25),
        "ising-cubic-open" => new IsingModel(Lattice.Cubic([2, 2, 3], Boundary.Open), coupling: 1.1, field: -0.4),
        "ising-custom" => new IsingModel(Lattice.FromBonds(5, [(0, 1), (1, 2), (0, 1), (3, 4), (2, 4)]), coupling: 0.7, field: 0.1),
        "curie-weiss" => new CurieWeissModel(9, coupling: 1.3, field: 0.2),
        "ea-plus-minus" => EdwardsAndersonModel.Sample(Lattice.Square(3, 3, Boundary.Periodic), BondDistribution.PlusMinus, new Generator(7), field: 0.15),
        "ea-gaussian" => EdwardsAndersonModel.Sample(Lattice.Square(3, 4, Boundary.Open), BondDistribution.Gaussian, new Generator(8), scale: 1.2),
        "sk" => SherringtonKirkpatrick.Sample(10, new Generator(9), field: 0.1),
        "spin-glass" => RandomSpinGlass(8, seed: 10),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown test model"),
    };

    /// <summary>A spin glass with Gaussian couplings and site-dependent Gaussian fields.</summary>
    public static SpinGlassModel RandomSpinGlass(int spins, ulong seed)
    {
        using var generator = new Generator(seed);
        using var scope = torch.NewDisposeScope();
        var raw = torch.randn([spins, spins], torch.float64, generator: generator).triu(1);
        var couplings = raw + raw.t();
        var fields = torch.randn([spins], torch.float64, generator: generator) * 0.5;
        return new SpinGlassModel(couplings, fields);
    }

    /// <summary>The frustrated plaquette of eq. 2.65: a ring of four spins, three ferromagnetic bonds and one antiferromagnetic.</summary>
    public static EdwardsAndersonModel FrustratedPlaquette() =>
        new(Lattice.Chain(4, Boundary.Periodic), [1.0, 1.0, 1.0, -1.0]);
}
