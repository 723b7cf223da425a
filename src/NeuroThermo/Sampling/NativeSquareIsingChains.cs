using NeuroThermo.Sampling.Native;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>
/// <see cref="ISquareIsingChains"/> on <see cref="SquareIsingCheckerboard"/> with its native kernel: about one
/// spin flip per nanosecond, and e and m come out of the sweep itself instead of a second pass over the spins.
/// </summary>
internal sealed class NativeSquareIsingChains : ISquareIsingChains
{
    private readonly SquareIsingCheckerboard _sampler;
    private readonly CheckerboardState _state;

    public NativeSquareIsingChains(int size, double inverseTemperature, int chains, ulong seed, bool ordered)
    {
        _sampler = new SquareIsingCheckerboard(size, inverseTemperature, backend: CheckerboardBackend.Native);
        _state = _sampler.Initialize(chains, seed, ordered);
    }

    public int Size => _sampler.Size;

    public int Chains => _state.Chains;

    public string Backend => "native checkerboard Metropolis (Sampling.Native.SquareIsingCheckerboard)";

    public (double[,] EnergyPerSpin, double[,] Magnetization) Run(int sweeps)
    {
        var trace = _sampler.Run(_state, sweeps);
        return (trace.EnergyPerSpin, trace.MagnetizationPerSpin);
    }

    public double[] Lattice(int chain)
    {
        using var scope = torch.NewDisposeScope();
        var lattice = SquareIsingCheckerboard.ToLattice(_state);   // (C, L, L) int8
        return lattice.select(0, chain).to(ScalarType.Float64).reshape(-1).ToArray<double>();
    }

    public void Dispose() => _state.Dispose();
}
