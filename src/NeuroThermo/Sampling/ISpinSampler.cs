using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling;

/// <summary>
/// A Markov-chain Monte Carlo sampler of e^{−βE(s)}/Z for a <see cref="SpinEnergy"/> (β = 1/T, k_B = 1). The sampler
/// holds only configuration (energy, temperature, update rule); the chains live in a <see cref="SamplerState"/> that
/// <see cref="Initialize"/> creates and <see cref="Run"/> advances, so that a run can be saved
/// (<see cref="SamplerStateFile"/>) and resumed bit-identically. Disposing a sampler frees its index tensors, not the
/// energy or any state.
/// </summary>
public interface ISpinSampler : IDisposable
{
    /// <summary>A short name of the algorithm and its options (for example "metropolis-checkerboard"), stored in states.</summary>
    string Kind { get; }

    /// <summary>The energy sampled.</summary>
    SpinEnergy Energy { get; }

    /// <summary>
    /// <paramref name="chains"/> independent chains started from uniformly random configurations, with a generator
    /// seeded by <paramref name="seed"/> (the only source of randomness of the run).
    /// </summary>
    SamplerState Initialize(int chains, ulong seed);

    /// <summary>Advances every chain of <paramref name="state"/> by <paramref name="sweeps"/> sweeps, in place; returns the same state.</summary>
    SamplerState Run(SamplerState state, int sweeps);

    /// <summary>
    /// The chains' current configurations at the sampler's target temperature, (B, N), as a new tensor (for parallel
    /// tempering, the coldest replica).
    /// </summary>
    Tensor Samples(SamplerState state);
}
