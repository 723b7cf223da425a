using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>
/// Single-spin-flip Monte Carlo at one inverse temperature β: Metropolis or heat bath (<see cref="SingleSpinRule"/>),
/// visiting the spins sequentially or by colour classes (<see cref="SweepSchedule"/>), on a batch of independent chains.
/// Works on any <see cref="SpinEnergy"/>; every random number comes from the state's generator.
/// </summary>
public sealed class SingleSpinSampler : ISpinSampler
{
    private readonly SingleSpinUpdate _update;

    /// <summary>A sampler of e^{−βE} for <paramref name="energy"/> at <paramref name="inverseTemperature"/> = β ≥ 0.</summary>
    public SingleSpinSampler(SpinEnergy energy, double inverseTemperature, SingleSpinRule rule, SweepSchedule schedule)
    {
        Numerics.CheckInverseTemperature(inverseTemperature, nameof(inverseTemperature));
        _update = new SingleSpinUpdate(energy, rule, schedule);
        Energy = energy;
        InverseTemperature = inverseTemperature;
    }

    /// <summary>Metropolis with the given schedule.</summary>
    public static SingleSpinSampler Metropolis(SpinEnergy energy, double inverseTemperature, SweepSchedule schedule = SweepSchedule.Checkerboard) =>
        new(energy, inverseTemperature, SingleSpinRule.Metropolis, schedule);

    /// <summary>Heat bath (Glauber) with the given schedule.</summary>
    public static SingleSpinSampler HeatBath(SpinEnergy energy, double inverseTemperature, SweepSchedule schedule = SweepSchedule.Checkerboard) =>
        new(energy, inverseTemperature, SingleSpinRule.HeatBath, schedule);

    /// <inheritdoc/>
    public string Kind => _update.Name;

    /// <inheritdoc/>
    public SpinEnergy Energy { get; }

    /// <summary>β.</summary>
    public double InverseTemperature { get; }

    /// <summary>Metropolis or heat bath.</summary>
    public SingleSpinRule Rule => _update.Rule;

    /// <summary>Sequential or checkerboard.</summary>
    public SweepSchedule Schedule => _update.Schedule;

    /// <summary>The coupling graph and the colouring the checkerboard schedule uses.</summary>
    public InteractionGraph Graph => _update.Graph;

    /// <inheritdoc/>
    public SamplerState Initialize(int chains, ulong seed)
    {
        return SamplerState.Start(Kind, chains, chains, Energy.SpinCount, seed);
    }

    /// <inheritdoc/>
    public SamplerState Run(SamplerState state, int sweeps)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(sweeps);
        state.Check(Kind, Energy.SpinCount, state.Chains);
        using var betas = torch.full([state.Chains], InverseTemperature, torch.float64);
        using var flipped = torch.zeros([], torch.int64);
        using var noGrad = torch.no_grad();
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            using var scope = torch.NewDisposeScope();
            _update.Sweep(state.Spins, betas, state.Generator, flipped);
        }
        state.Sweeps += sweeps;
        state.ProposedFlips += (long)sweeps * state.Chains * Energy.SpinCount;
        state.AcceptedFlips += flipped.ItemAs<long>();
        return state;
    }

    /// <inheritdoc/>
    public Tensor Samples(SamplerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Spins.clone();
    }

    public void Dispose() => _update.Dispose();
}
