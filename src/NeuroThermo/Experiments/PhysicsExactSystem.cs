using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>Turns a <see cref="PhysicsExactConfig"/> into the lattice and the energy it describes.</summary>
internal static class PhysicsExactSystem
{
    /// <summary>The lattice of an Ising or Edwards–Anderson config.</summary>
    public static Lattice BuildLattice(PhysicsExactConfig config)
    {
        var boundary = config.Periodic ? Boundary.Periodic : Boundary.Open;
        return config.Lattice switch
        {
            LatticeShape.Chain => Lattice.Chain(config.Size, boundary),
            LatticeShape.Square => Lattice.Square(config.Size, config.Size, boundary),
            LatticeShape.Cubic => Lattice.Cubic(Enumerable.Repeat(config.Size, config.Dimension).ToArray(), boundary),
            LatticeShape.Complete => Lattice.Complete(config.Size),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Lattice, "Unknown lattice shape."),
        };
    }

    /// <summary>N for the config, without building anything large.</summary>
    public static long SpinCount(PhysicsExactConfig config) => config.Model switch
    {
        PhysicsModel.CurieWeiss or PhysicsModel.SherringtonKirkpatrick => config.Size,
        _ => config.Lattice switch
        {
            LatticeShape.Square => (long)config.Size * config.Size,
            LatticeShape.Cubic => (long)Math.Pow(config.Size, config.Dimension),
            _ => config.Size,
        },
    };

    /// <summary>The energy the config describes; random couplings come from <paramref name="generator"/>.</summary>
    public static SpinEnergy BuildModel(PhysicsExactConfig config, Generator generator)
    {
        if (config.Model != PhysicsModel.EdwardsAnderson && config.BondValues is not null)
            throw new ArgumentException("bondValues applies only to the edwardsAnderson model.", nameof(config));
        switch (config.Model)
        {
            case PhysicsModel.Ising:
                return new IsingModel(BuildLattice(config), config.Coupling, config.Field);
            case PhysicsModel.CurieWeiss:
                return new CurieWeissModel(config.Size, config.Coupling, config.Field);
            case PhysicsModel.SherringtonKirkpatrick:
                return SherringtonKirkpatrick.Sample(config.Size, generator, PositiveScale(config.Coupling), config.Field);
            case PhysicsModel.EdwardsAnderson:
                var lattice = BuildLattice(config);
                if (config.BondValues is null)
                    return EdwardsAndersonModel.Sample(lattice, config.Bonds, generator, PositiveScale(config.Coupling), config.Field);
                if (config.BondValues.Length != lattice.BondCount)
                    throw new ArgumentException(
                        $"bondValues has {config.BondValues.Length} entries but the {lattice.Description} has {lattice.BondCount} bonds.", nameof(config));
                return new EdwardsAndersonModel(lattice, config.BondValues, config.Field);
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.Model, "Unknown model.");
        }
    }

    /// <summary>A one-line description of the system for the report.</summary>
    public static string Describe(PhysicsExactConfig config) => config.Model switch
    {
        PhysicsModel.CurieWeiss => $"Curie–Weiss, N = {config.Size}, J = {config.Coupling}, h = {config.Field}",
        PhysicsModel.SherringtonKirkpatrick => $"Sherrington–Kirkpatrick sample, N = {config.Size}, J = {config.Coupling}, h = {config.Field}",
        PhysicsModel.EdwardsAnderson => $"Edwards–Anderson ({(config.BondValues is null ? config.Bonds.ToString() : "given bonds")}) on a {BuildLattice(config).Description}, h = {config.Field}",
        _ => $"Ising on a {BuildLattice(config).Description}, J = {config.Coupling}, h = {config.Field}",
    };

    private static double PositiveScale(double coupling) =>
        coupling > 0 ? coupling : throw new ArgumentException($"coupling is the bond scale of the random models and must be positive, not {coupling}.", nameof(coupling));
}
