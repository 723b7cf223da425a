using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>What an annealing run found: per chain, the lowest energy seen and its configuration, and the best of all.</summary>
/// <param name="BestEnergies">min over the run of E for each chain (B values).</param>
/// <param name="BestSpins">The configuration of each chain's best energy, (B, N) ±1 (owned by the caller).</param>
/// <param name="BestChain">The chain with the lowest energy.</param>
public sealed record AnnealingResult(double[] BestEnergies, Tensor BestSpins, int BestChain) : IDisposable
{
    /// <summary>The lowest energy over all chains.</summary>
    public double BestEnergy => BestEnergies[BestChain];

    /// <summary>The lowest-energy configuration over all chains, as ±1 values.</summary>
    public double[] BestConfiguration()
    {
        using var row = BestSpins.select(0, BestChain);
        return row.ToArray<double>();
    }

    public void Dispose() => BestSpins.Dispose();
}

/// <summary>
/// Simulated annealing used as an "Ising machine": a batch of independent single-spin chains cooled along an
/// <see cref="AnnealingSchedule"/>, keeping for each chain the lowest-energy configuration it has visited. Low-energy
/// states of a spin glass (SK, Edwards–Anderson) or of a mapped optimisation problem (<see cref="MaxCutProblem"/>)
/// come out as the best of many cheap, vectorised chains.
/// </summary>
/// <remarks>
/// The run lasts <see cref="TotalSweeps"/> = stages × <see cref="SweepsPerStage"/> sweeps; sweep t runs at
/// β = schedule[t / SweepsPerStage]. Because the position in the schedule is the state's sweep count, a run saved
/// mid-way resumes at the right stage. The best configurations are checked after every sweep.
/// </remarks>
public sealed class SimulatedAnnealing : ISpinSampler
{
    private readonly SingleSpinUpdate _update;

    /// <summary>Annealing of <paramref name="energy"/> along <paramref name="schedule"/>, <paramref name="sweepsPerStage"/> sweeps at each β.</summary>
    public SimulatedAnnealing(SpinEnergy energy, AnnealingSchedule schedule, int sweepsPerStage = 1,
        SingleSpinRule rule = SingleSpinRule.Metropolis, SweepSchedule sweepSchedule = SweepSchedule.Checkerboard)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(sweepsPerStage, 1);
        _update = new SingleSpinUpdate(energy, rule, sweepSchedule);
        Energy = energy;
        Schedule = schedule;
        SweepsPerStage = sweepsPerStage;
    }

    /// <inheritdoc/>
    public string Kind => "annealing/" + _update.Name;

    /// <inheritdoc/>
    public SpinEnergy Energy { get; }

    /// <summary>The inverse temperatures of the stages.</summary>
    public AnnealingSchedule Schedule { get; }

    /// <summary>Sweeps at each stage.</summary>
    public int SweepsPerStage { get; }

    /// <summary>Sweeps in the whole run.</summary>
    public long TotalSweeps => (long)Schedule.Count * SweepsPerStage;

    /// <inheritdoc/>
    public SamplerState Initialize(int chains, ulong seed)
    {
        var state = SamplerState.Start(Kind, chains, chains, Energy.SpinCount, seed);
        using var noGrad = torch.no_grad();
        using var energies = Energy.Energy(state.Spins);
        state.ReplaceBest(state.Spins.clone(), energies.detach());
        return state;
    }

    /// <inheritdoc/>
    /// <remarks>Stops at the end of the schedule: <paramref name="sweeps"/> beyond it are not run.</remarks>
    public SamplerState Run(SamplerState state, int sweeps)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(sweeps);
        state.Check(Kind, Energy.SpinCount, state.Chains);
        if (state.BestSpins is null || state.BestEnergies is null)
            throw new ArgumentException("This annealing state has no record of its best configurations.", nameof(state));
        var toRun = (int)Math.Min(sweeps, Math.Max(0, TotalSweeps - state.Sweeps));
        using var noGrad = torch.no_grad();
        using var flipped = torch.zeros([], torch.int64);
        for (var sweep = 0; sweep < toRun; sweep++)
        {
            using var scope = torch.NewDisposeScope();
            var beta = Schedule.InverseTemperatures[(int)((state.Sweeps + sweep) / SweepsPerStage)];
            var betas = torch.full([state.Chains], beta, torch.float64);
            _update.Sweep(state.Spins, betas, state.Generator, flipped);
            var energies = Energy.Energy(state.Spins);                                  // (B)
            var better = energies.lt(state.BestEnergies);                               // (B)
            state.ReplaceBest(torch.where(better.unsqueeze(1), state.Spins, state.BestSpins),
                torch.where(better, energies, state.BestEnergies));
        }
        state.Sweeps += toRun;
        state.ProposedFlips += (long)toRun * state.Chains * Energy.SpinCount;
        state.AcceptedFlips += flipped.ItemAs<long>();
        return state;
    }

    /// <summary>Runs the whole schedule on <paramref name="chains"/> fresh chains seeded by <paramref name="seed"/>.</summary>
    public AnnealingResult Anneal(int chains, ulong seed)
    {
        using var state = Initialize(chains, seed);
        Run(state, (int)Math.Min(int.MaxValue, TotalSweeps));
        return Result(state);
    }

    /// <summary>The best configurations and energies recorded in <paramref name="state"/> so far.</summary>
    public static AnnealingResult Result(SamplerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.BestSpins is null || state.BestEnergies is null)
            throw new ArgumentException("This state is not an annealing state.", nameof(state));
        var energies = state.BestEnergies.ToArray<double>();
        var best = 0;
        for (var c = 1; c < energies.Length; c++)
        {
            if (energies[c] < energies[best]) best = c;
        }
        return new AnnealingResult(energies, state.BestSpins.clone(), best);
    }

    /// <inheritdoc/>
    /// <remarks>The chains' current configurations; the best ones are in <see cref="Result"/>.</remarks>
    public Tensor Samples(SamplerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Spins.clone();
    }

    public void Dispose() => _update.Dispose();
}
