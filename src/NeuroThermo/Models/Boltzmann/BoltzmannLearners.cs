using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Boltzmann;

/// <summary>
/// Where the model term ⟨s_i s_j⟩_model of the Boltzmann learning rule comes from. The data term is fixed by the data;
/// each step computes the model term afresh and applies <see cref="BoltzmannMachine.ApplyLearningRule"/>.
/// </summary>
public interface IBoltzmannLearner : IDisposable
{
    /// <summary>The machine being trained (not owned).</summary>
    BoltzmannMachine Machine { get; }

    /// <summary>
    /// One learning step towards <paramref name="data"/> at rate η; returns the largest moment mismatch
    /// |⟨·⟩_data − ⟨·⟩_model| measured before the step (the residual of moment matching).
    /// </summary>
    double Step(SpinMoments data, double learningRate);
}

/// <summary>
/// The model term by enumeration of all 2^N states (N ≤ <see cref="BoltzmannMachine.MaxExactUnits"/>): learning is
/// then deterministic gradient descent on the exact KL divergence.
/// </summary>
public sealed class ExactBoltzmannLearner : IBoltzmannLearner
{
    private readonly Tensor _allStates;   // (2^N, N), built once

    /// <summary>A learner for <paramref name="machine"/>.</summary>
    public ExactBoltzmannLearner(BoltzmannMachine machine)
    {
        Machine = machine ?? throw new ArgumentNullException(nameof(machine));
        _allStates = machine.AllStates().DetachFromDisposeScope();
    }

    /// <inheritdoc/>
    public BoltzmannMachine Machine { get; }

    /// <summary>The 2^N configurations, for KL evaluations that should not enumerate again.</summary>
    public Tensor AllStates => _allStates;

    /// <inheritdoc/>
    public double Step(SpinMoments data, double learningRate)
    {
        using var model = Machine.ExactMoments(_allStates);
        var mismatch = data.LargestDifference(model);
        Machine.ApplyLearningRule(data, model, learningRate);
        return mismatch;
    }

    public void Dispose() => _allStates.Dispose();
}

/// <summary>
/// The model term from persistent chains (Tieleman's persistent contrastive divergence, a stochastic approximation of
/// the exact rule): B heat-bath chains at the machine's β are never restarted; each step advances them by a few sweeps
/// under the current weights and averages over their states. Because the weights change slowly, the chains stay near
/// equilibrium, which is what lets a few sweeps per step suffice. Works at any N.
/// </summary>
public sealed class PersistentChainLearner : IBoltzmannLearner
{
    private readonly SamplerState _chains;

    /// <summary>
    /// A learner for <paramref name="machine"/> with <paramref name="chains"/> chains advanced by
    /// <paramref name="sweepsPerStep"/> heat-bath sweeps per step, all randomness from <paramref name="seed"/>.
    /// </summary>
    public PersistentChainLearner(BoltzmannMachine machine, int chains, int sweepsPerStep, ulong seed)
    {
        Machine = machine ?? throw new ArgumentNullException(nameof(machine));
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sweepsPerStep, 1);
        SweepsPerStep = sweepsPerStep;
        using var energy = machine.ToSpinGlass();
        using var sampler = Sampler(energy);
        _chains = sampler.Initialize(chains, seed);
    }

    /// <inheritdoc/>
    public BoltzmannMachine Machine { get; }

    /// <summary>Heat-bath sweeps per learning step.</summary>
    public int SweepsPerStep { get; }

    /// <summary>The chains' state (for inspection; the learner owns it).</summary>
    public SamplerState Chains => _chains;

    /// <inheritdoc/>
    public double Step(SpinMoments data, double learningRate)
    {
        // The sampler copies the couplings when built, so each step builds one for the current weights.
        using (var energy = Machine.ToSpinGlass())
        using (var sampler = Sampler(energy))
        {
            sampler.Run(_chains, SweepsPerStep);
        }
        using var model = SpinMoments.FromSamples(_chains.Spins);
        var mismatch = data.LargestDifference(model);
        Machine.ApplyLearningRule(data, model, learningRate);
        return mismatch;
    }

    private SingleSpinSampler Sampler(Physics.Energies.SpinEnergy energy) =>
        SingleSpinSampler.HeatBath(energy, Machine.InverseTemperature, SweepSchedule.Sequential);

    public void Dispose() => _chains.Dispose();
}
