using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling;

/// <summary>
/// Everything a Markov chain needs to continue: the configurations of a batch of independent chains, the random
/// generator that drives them, and counters. A sampler is configuration only; it advances a state that is passed in
/// (and returned), so a run can be saved with <see cref="SamplerStateFile"/> and resumed bit for bit.
/// </summary>
/// <remarks>
/// For parallel tempering <see cref="Spins"/> holds R replicas of B chains as (R·B, N), replica r (β_r, coldest last)
/// in rows r·B … r·B + B − 1. For simulated annealing <see cref="BestSpins"/> and <see cref="BestEnergies"/> hold the
/// lowest-energy configuration each chain has visited. The state owns its tensors and generator.
/// </remarks>
public sealed class SamplerState : IDisposable
{
    /// <summary>A state holding <paramref name="spins"/> (owned from now on) and <paramref name="generator"/> (owned too).</summary>
    public SamplerState(string kind, Tensor spins, Generator generator, int chains)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(spins);
        ArgumentNullException.ThrowIfNull(generator);
        if (spins.dim() != 2 || spins.dtype != ScalarType.Float64)
            throw new ArgumentException($"Spins must be a float64 (rows, N) tensor; got shape [{string.Join(", ", spins.shape)}] of {spins.dtype}.", nameof(spins));
        if (chains < 1 || spins.size(0) % chains != 0)
            throw new ArgumentOutOfRangeException(nameof(chains), chains, $"The {spins.size(0)} rows of spins are not a whole number of batches of {chains} chains.");
        Kind = kind;
        Spins = spins;
        Generator = generator;
        Chains = chains;
    }

    /// <summary>Which sampler wrote the state (<see cref="ISpinSampler.Kind"/>); a sampler refuses a state of another kind.</summary>
    public string Kind { get; }

    /// <summary>The configurations, float64 ±1: (B, N), or (R·B, N) for parallel tempering.</summary>
    public Tensor Spins { get; internal set; }

    /// <summary>The generator every random draw of the chains comes from.</summary>
    public Generator Generator { get; }

    /// <summary>B, the number of independent chains (per replica for parallel tempering).</summary>
    public int Chains { get; }

    /// <summary>N.</summary>
    public int SpinCount => (int)Spins.size(1);

    /// <summary>Sweeps done: N single-spin updates per chain each (one cluster per chain for Wolff).</summary>
    public long Sweeps { get; internal set; }

    /// <summary>Single-spin updates proposed, or for Wolff the spins visited (N per cluster update), summed over chains.</summary>
    public long ProposedFlips { get; internal set; }

    /// <summary>Spins that actually flipped, summed over chains (for Wolff: the total size of the flipped clusters).</summary>
    public long AcceptedFlips { get; internal set; }

    /// <summary>Parallel tempering: replica exchanges attempted between β_r and β_{r+1} (R − 1 entries; empty otherwise).</summary>
    public long[] SwapAttempts { get; internal set; } = [];

    /// <summary>Parallel tempering: replica exchanges accepted between β_r and β_{r+1}.</summary>
    public long[] SwapAcceptances { get; internal set; } = [];

    /// <summary>Simulated annealing: the lowest-energy configuration each chain has visited, (B, N); null otherwise.</summary>
    public Tensor? BestSpins { get; internal set; }

    /// <summary>Simulated annealing: the energies of <see cref="BestSpins"/>, (B).</summary>
    public Tensor? BestEnergies { get; internal set; }

    /// <summary>Accepted over proposed flips (NaN before the first sweep).</summary>
    public double AcceptanceRate => ProposedFlips == 0 ? double.NaN : (double)AcceptedFlips / ProposedFlips;

    /// <summary>Accepted over attempted exchanges for each neighbouring pair of replicas.</summary>
    public double[] SwapAcceptanceRates => SwapAttempts.Select((a, r) => a == 0 ? double.NaN : (double)SwapAcceptances[r] / a).ToArray();

    /// <summary>
    /// A fresh state of <paramref name="rows"/> uniformly random configurations of <paramref name="spins"/> spins for
    /// <paramref name="chains"/> chains, with a new generator seeded by <paramref name="seed"/> that drew them.
    /// </summary>
    internal static SamplerState Start(string kind, int chains, long rows, int spins, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        var generator = new Generator(seed);
        var configurations = SpinConfigurations.Random(rows, spins, generator).DetachFromDisposeScope();
        return new SamplerState(kind, configurations, generator, chains);
    }

    /// <summary>Replaces <see cref="Spins"/>, disposing the old tensor.</summary>
    internal void ReplaceSpins(Tensor spins)
    {
        var old = Spins;
        Spins = spins.DetachFromDisposeScope();
        old.Dispose();
    }

    /// <summary>Replaces the annealing record, disposing the old tensors.</summary>
    internal void ReplaceBest(Tensor spins, Tensor energies)
    {
        BestSpins?.Dispose();
        BestEnergies?.Dispose();
        BestSpins = spins.DetachFromDisposeScope();
        BestEnergies = energies.DetachFromDisposeScope();
    }

    /// <summary>Throws unless the state was written by a sampler of <paramref name="kind"/> for <paramref name="spins"/> spins.</summary>
    internal void Check(string kind, int spins, long? rows = null)
    {
        if (Kind != kind)
            throw new ArgumentException($"This state belongs to a '{Kind}' sampler, not to a '{kind}' sampler.", "state");
        if (SpinCount != spins)
            throw new ArgumentException($"This state has {SpinCount} spins per configuration but the energy has {spins}.", "state");
        if (rows is { } r && Spins.size(0) != r)
            throw new ArgumentException($"This state has {Spins.size(0)} rows of spins; the sampler expects {r}.", "state");
    }

    public void Dispose()
    {
        Spins.Dispose();
        Generator.Dispose();
        BestSpins?.Dispose();
        BestEnergies?.Dispose();
    }
}
