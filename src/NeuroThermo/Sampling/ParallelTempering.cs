using System.Globalization;
using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>
/// Parallel tempering (replica exchange): R replicas of every chain at inverse temperatures β_0 &lt; … &lt; β_{R−1},
/// each advanced by a single-spin sweep at its own β, then neighbouring replicas (r, r + 1) exchange configurations
/// with probability min(1, e^{(β_{r+1} − β_r)(E_{r+1} − E_r)}), which keeps the product distribution Π_r e^{−β_r E}/Z_r
/// invariant. Hot replicas cross barriers and hand their configurations down, so the coldest replica (the target β)
/// mixes where single-spin dynamics alone would be stuck.
/// </summary>
/// <remarks>
/// All R·B chains are swept together in one batch with a per-row β. After sweep t, the pairs (r, r + 1) with r ≡ t
/// (mod 2) attempt an exchange, so every pair is tried every other sweep and the pairs tried together are disjoint.
/// The acceptance per pair is counted in <see cref="SamplerState.SwapAttempts"/> and
/// <see cref="SamplerState.SwapAcceptances"/>.
/// </remarks>
public sealed class ParallelTempering : ISpinSampler
{
    private readonly SingleSpinUpdate _update;
    private readonly double[] _betas;

    /// <summary>Replicas at <paramref name="inverseTemperatures"/> (strictly increasing, at least two), moved locally by <paramref name="rule"/> and <paramref name="schedule"/>.</summary>
    public ParallelTempering(SpinEnergy energy, IReadOnlyList<double> inverseTemperatures,
        SingleSpinRule rule = SingleSpinRule.Metropolis, SweepSchedule schedule = SweepSchedule.Checkerboard)
    {
        ArgumentNullException.ThrowIfNull(energy);
        Numerics.CheckInverseTemperatures(inverseTemperatures, nameof(inverseTemperatures));
        if (inverseTemperatures.Count < 2)
            throw new ArgumentOutOfRangeException(nameof(inverseTemperatures), inverseTemperatures.Count, "Parallel tempering needs at least two replicas.");
        for (var r = 1; r < inverseTemperatures.Count; r++)
        {
            if (!(inverseTemperatures[r] > inverseTemperatures[r - 1]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The inverse temperatures must increase strictly, but β_{r} = {inverseTemperatures[r]} follows β_{r - 1} = {inverseTemperatures[r - 1]}."), nameof(inverseTemperatures));
        }
        _betas = inverseTemperatures.ToArray();
        _update = new SingleSpinUpdate(energy, rule, schedule);
        Energy = energy;
    }

    /// <summary>
    /// The geometric ladder β_r = β_min (β_max/β_min)^{r/(R−1)}, r = 0 … R − 1: for a roughly constant heat capacity
    /// it gives every neighbouring pair about the same exchange acceptance.
    /// </summary>
    public static double[] GeometricLadder(double minimum, double maximum, int count)
    {
        if (!(minimum > 0) || !double.IsFinite(minimum))
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "A geometric ladder needs β_min > 0 and finite.");
        if (!(maximum > minimum) || !double.IsFinite(maximum))
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, "A geometric ladder needs a finite β_max > β_min.");
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "A ladder needs at least two replicas.");
        var ratio = maximum / minimum;
        return Enumerable.Range(0, count).Select(r => r == count - 1 ? maximum : minimum * Math.Pow(ratio, (double)r / (count - 1))).ToArray();
    }

    /// <summary>Replicas on <see cref="GeometricLadder"/>(β_min, β_max, count).</summary>
    public static ParallelTempering Geometric(SpinEnergy energy, double minimum, double maximum, int count,
        SingleSpinRule rule = SingleSpinRule.Metropolis, SweepSchedule schedule = SweepSchedule.Checkerboard) =>
        new(energy, GeometricLadder(minimum, maximum, count), rule, schedule);

    /// <inheritdoc/>
    public string Kind => "parallel-tempering/" + _update.Name;

    /// <inheritdoc/>
    public SpinEnergy Energy { get; }

    /// <summary>β_0 &lt; … &lt; β_{R−1}; the last is the target.</summary>
    public IReadOnlyList<double> InverseTemperatures => _betas;

    /// <summary>R.</summary>
    public int ReplicaCount => _betas.Length;

    /// <inheritdoc/>
    public SamplerState Initialize(int chains, ulong seed)
    {
        var state = SamplerState.Start(Kind, chains, (long)chains * ReplicaCount, Energy.SpinCount, seed);
        state.SwapAttempts = new long[ReplicaCount - 1];
        state.SwapAcceptances = new long[ReplicaCount - 1];
        return state;
    }

    /// <inheritdoc/>
    public SamplerState Run(SamplerState state, int sweeps)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(sweeps);
        state.Check(Kind, Energy.SpinCount, (long)state.Chains * ReplicaCount);
        if (state.SwapAttempts.Length != ReplicaCount - 1)
            throw new ArgumentException($"This state has exchange counters for {state.SwapAttempts.Length + 1} replicas, not {ReplicaCount}.", nameof(state));
        var b = state.Chains;
        using var noGrad = torch.no_grad();
        using var rowBetas = torch.tensor(_betas.SelectMany(beta => Enumerable.Repeat(beta, b)).ToArray());                                  // (R·B): β of each row
        using var flipped = torch.zeros([], torch.int64);
        using var accepted = torch.zeros([ReplicaCount - 1], torch.int64);
        var attempts = new long[ReplicaCount - 1];
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            using var scope = torch.NewDisposeScope();
            _update.Sweep(state.Spins, rowBetas, state.Generator, flipped);
            var parity = (int)((state.Sweeps + sweep) % 2);
            Exchange(state.Spins, b, parity, state.Generator, accepted);
            for (var r = parity; r < ReplicaCount - 1; r += 2) attempts[r] += b;
        }
        state.Sweeps += sweeps;
        state.ProposedFlips += (long)sweeps * state.Spins.size(0) * Energy.SpinCount;
        state.AcceptedFlips += flipped.ItemAs<long>();
        var acceptedCounts = accepted.ToArray<long>();
        for (var r = 0; r < ReplicaCount - 1; r++)
        {
            state.SwapAttempts[r] += attempts[r];
            state.SwapAcceptances[r] += acceptedCounts[r];
        }
        return state;
    }

    /// <inheritdoc/>
    /// <remarks>The rows of the coldest replica, β_{R−1}.</remarks>
    public Tensor Samples(SamplerState state) => Replica(state, ReplicaCount - 1);

    /// <summary>The current configurations of replica <paramref name="replica"/> (at β_replica), (B, N), as a new tensor.</summary>
    public Tensor Replica(SamplerState state, int replica)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(replica);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(replica, ReplicaCount);
        using var rows = state.Spins.narrow(0, (long)replica * state.Chains, state.Chains);
        return rows.clone();
    }

    // Attempts the exchanges (r, r + 1), r ≡ parity (mod 2), for every chain; swaps accepted pairs in place.
    private void Exchange(Tensor spins, int chains, int parity, Generator generator, Tensor accepted)
    {
        var lower = Enumerable.Range(0, ReplicaCount - 1).Where(r => r % 2 == parity).ToArray();
        if (lower.Length == 0) return;
        using var scope = torch.NewDisposeScope();
        var replicas = spins.view(ReplicaCount, chains, -1);                                     // (R·B, N) -> (R, B, N)
        var energies = Energy.Energy(spins).view(ReplicaCount, chains);                         // (R, B)
        var lowIndex = torch.tensor(lower.Select(r => (long)r).ToArray());                       // (P)
        var highIndex = lowIndex + 1;
        var betas = torch.tensor(_betas);
        var deltaBeta = (betas.index_select(0, highIndex) - betas.index_select(0, lowIndex)).unsqueeze(1);    // (P, 1)
        var deltaEnergy = energies.index_select(0, highIndex) - energies.index_select(0, lowIndex);           // (P, B)
        var u = torch.rand([lower.Length, chains], torch.float64, generator: generator);                                 // (P, B)
        var swap = u.lt((deltaBeta * deltaEnergy).exp());                                                     // (P, B)
        accepted.index_put_(swap.sum(1), [lowIndex], accumulate: true);
        var low = replicas.index_select(0, lowIndex);                                            // (P, B, N)
        var high = replicas.index_select(0, highIndex);
        var swapColumn = swap.unsqueeze(2);                                                      // (P, B, 1)
        replicas.index_put_(torch.where(swapColumn, high, low), lowIndex);
        replicas.index_put_(torch.where(swapColumn, low, high), highIndex);
    }

    public void Dispose() => _update.Dispose();
}
