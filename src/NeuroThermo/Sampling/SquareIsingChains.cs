using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>
/// A batch of independent single-spin Metropolis chains of the ferromagnetic Ising model on a periodic L×L square
/// lattice, E = −Σ_⟨ij⟩ s_i s_j (J = 1, h = 0), at one β = 1/T, that reports the energy and magnetisation per spin
/// after every sweep. It is the one seam between the <c>ising.sweep</c> experiment and whichever sampler does the
/// sweeps, so that a faster backend replaces a slower one in <see cref="SquareIsingChains.Create"/> alone.
/// </summary>
public interface ISquareIsingChains : IDisposable
{
    /// <summary>L.</summary>
    int Size { get; }

    /// <summary>Number of independent chains.</summary>
    int Chains { get; }

    /// <summary>Name of the backend, for reports.</summary>
    string Backend { get; }

    /// <summary>Runs <paramref name="sweeps"/> sweeps; returns e = E/N and m = Σ s_i/N after each, indexed [sweep, chain].</summary>
    (double[,] EnergyPerSpin, double[,] Magnetization) Run(int sweeps);

    /// <summary>The current configuration of <paramref name="chain"/>, L² values ±1, row by row.</summary>
    double[] Lattice(int chain);
}

/// <summary>Chooses the backend of <see cref="ISquareIsingChains"/>.</summary>
public static class SquareIsingChains
{
    /// <summary>
    /// <paramref name="chains"/> chains of the L = <paramref name="size"/> torus at β = <paramref name="inverseTemperature"/>,
    /// every spin +1 at the start when <paramref name="ordered"/>, random draws from <paramref name="seed"/>.
    /// </summary>
    /// <remarks>An ordered start avoids the long-lived striped states a random start freezes into below T_c on a torus.</remarks>
    public static ISquareIsingChains Create(int size, double inverseTemperature, int chains, ulong seed, bool ordered = true) =>
        new NativeSquareIsingChains(size, inverseTemperature, chains, seed, ordered);

    /// <summary>The same chains on the general <see cref="SingleSpinSampler"/>: slower by orders of magnitude, kept as an
    /// independent implementation to check the native one against.</summary>
    public static ISquareIsingChains CreateGeneral(int size, double inverseTemperature, int chains, ulong seed, bool ordered = true) =>
        new GeneralSquareIsingChains(size, inverseTemperature, chains, seed, ordered);
}

/// <summary>
/// <see cref="ISquareIsingChains"/> on the general <see cref="SingleSpinSampler"/> (checkerboard Metropolis over the
/// lattice's <see cref="IsingModel"/>); e and m are computed from the spins after each sweep.
/// </summary>
internal sealed class GeneralSquareIsingChains : ISquareIsingChains
{
    private readonly IsingModel _model;
    private readonly SingleSpinSampler _sampler;
    private readonly SamplerState _state;

    public GeneralSquareIsingChains(int size, double inverseTemperature, int chains, ulong seed, bool ordered)
    {
        if (size < 3) throw new ArgumentOutOfRangeException(nameof(size), size, "The periodic square lattice needs L ≥ 3 so that no two sites bond twice.");
        _model = new IsingModel(Physics.Lattices.Lattice.Square(size, size, Boundary.Periodic));
        _sampler = SingleSpinSampler.Metropolis(_model, inverseTemperature, SweepSchedule.Checkerboard);
        _state = _sampler.Initialize(chains, seed);
        if (ordered) _state.Spins.fill_(1.0);
        Size = size;
        Chains = chains;
    }

    public int Size { get; }

    public int Chains { get; }

    public string Backend => "general checkerboard Metropolis (Sampling.SingleSpinSampler)";

    public (double[,] EnergyPerSpin, double[,] Magnetization) Run(int sweeps)
    {
        var energy = new double[sweeps, Chains];
        var magnetization = new double[sweeps, Chains];
        var spins = (double)Size * Size;
        using var noGrad = torch.no_grad();
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            using var scope = torch.NewDisposeScope();
            _sampler.Run(_state, 1);
            var e = (_model.Energy(_state.Spins) / spins).ToArray<double>();   // (B)
            var m = _state.Spins.mean([1]).ToArray<double>();                    // (B, N) -> (B)
            for (var c = 0; c < Chains; c++)
            {
                energy[sweep, c] = e[c];
                magnetization[sweep, c] = m[c];
            }
        }
        return (energy, magnetization);
    }

    public double[] Lattice(int chain)
    {
        using var row = _state.Spins.select(0, chain);
        return row.ToArray<double>();
    }

    public void Dispose()
    {
        _state.Dispose();
        _sampler.Dispose();
        _model.Dispose();
    }
}
