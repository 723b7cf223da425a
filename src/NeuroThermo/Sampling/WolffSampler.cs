using System.Globalization;
using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>
/// Wolff single-cluster updates for a ferromagnet without field (all J_ij ≥ 0, h = 0): from a uniformly random seed
/// spin, grow a cluster by adding each aligned neighbour across bond (i, j) with probability p_ij = 1 − e^{−2βJ_ij},
/// then flip the whole cluster. The move is accepted always and satisfies detailed balance, and near the critical
/// point it decorrelates in a few updates where single-spin dynamics needs of order L^z sweeps.
/// </summary>
/// <remarks>
/// Each bond is examined at most once while a cluster grows, so drawing one uniform number for every bond up front
/// and growing the cluster by label propagation over the activated bonds gives exactly Wolff's distribution. That is
/// vectorised over the batch: one step per layer of the cluster, with one host read per step to stop when it stops
/// growing. One <see cref="SamplerState.Sweeps"/> unit here is one cluster update per chain.
/// </remarks>
public sealed class WolffSampler : ISpinSampler
{
    private readonly Tensor _first;         // (E) int64
    private readonly Tensor _second;        // (E) int64
    private readonly Tensor _addProbability;   // (E): 1 − e^{−2βJ}

    /// <summary>A Wolff sampler of <paramref name="energy"/> at β = <paramref name="inverseTemperature"/>.</summary>
    /// <exception cref="ArgumentException">Some coupling is negative or some field is nonzero.</exception>
    public WolffSampler(SpinEnergy energy, double inverseTemperature)
    {
        ArgumentNullException.ThrowIfNull(energy);
        Numerics.CheckInverseTemperature(inverseTemperature, nameof(inverseTemperature));
        using var graph = InteractionGraph.From(energy);
        var negative = graph.Edges.FirstOrDefault(e => e.Coupling < 0);
        if (negative.Coupling < 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Wolff cluster updates need a ferromagnet (every J_ij ≥ 0), but J between sites {negative.I} and {negative.J} is {negative.Coupling}; use a single-spin sampler or parallel tempering."), nameof(energy));
        var fieldSite = Enumerable.Range(0, graph.SpinCount).FirstOrDefault(i => graph.Fields[i] != 0, -1);
        if (fieldSite >= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Wolff cluster updates need zero field, but h at site {fieldSite} is {graph.Fields[fieldSite]}; use a single-spin sampler."), nameof(energy));
        Energy = energy;
        InverseTemperature = inverseTemperature;
        _first = torch.tensor(graph.Edges.Select(e => (long)e.I).ToArray()).DetachFromDisposeScope();
        _second = torch.tensor(graph.Edges.Select(e => (long)e.J).ToArray()).DetachFromDisposeScope();
        _addProbability = torch.tensor(graph.Edges.Select(e => 1 - Math.Exp(-2 * inverseTemperature * e.Coupling)).ToArray()).DetachFromDisposeScope();
    }

    /// <inheritdoc/>
    public string Kind => "wolff";

    /// <inheritdoc/>
    public SpinEnergy Energy { get; }

    /// <summary>β.</summary>
    public double InverseTemperature { get; }

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
        using var noGrad = torch.no_grad();
        long flipped = 0;
        for (var sweep = 0; sweep < sweeps; sweep++)
        {
            using var scope = torch.NewDisposeScope();
            flipped += ClusterUpdate(state.Spins, state.Generator);
        }
        state.Sweeps += sweeps;
        state.ProposedFlips += (long)sweeps * state.Chains * Energy.SpinCount;
        state.AcceptedFlips += flipped;
        return state;
    }

    /// <inheritdoc/>
    public Tensor Samples(SamplerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Spins.clone();
    }

    // Grows and flips one cluster in every row of spins (B, N), in place; returns the total number of spins flipped.
    private long ClusterUpdate(Tensor spins, Generator generator)
    {
        var (batch, n) = (spins.size(0), spins.size(1));
        var seeds = torch.randint(0, n, [batch, 1], torch.int64, generator: generator);                       // (B, 1)
        var bondDraws = torch.rand([batch, _first.size(0)], torch.float64, generator: generator);            // (B, E)
        var aligned = spins.index_select(1, _first).eq(spins.index_select(1, _second));         // (B, E)
        var open = (bondDraws.lt(_addProbability) & aligned).to(torch.float64);                 // (B, E): bonds the cluster may cross
        var cluster = torch.zeros([batch, n], torch.float64).scatter(1, seeds, torch.ones([batch, 1], torch.float64));           // (B, N): 1 inside
        var firstIndex = _first.unsqueeze(0).expand(batch, -1);                                  // (B, E)
        var secondIndex = _second.unsqueeze(0).expand(batch, -1);
        var size = 0L;
        while (true)
        {
            // A site joins when an open bond connects it to a site already in the cluster.
            var reach = torch.zeros_like(cluster)
                .scatter_add(1, firstIndex, cluster.index_select(1, _second) * open)
                .scatter_add(1, secondIndex, cluster.index_select(1, _first) * open);
            var grown = (cluster + reach).gt(0.0).to(torch.float64);
            var grownSize = grown.sum().ItemAs<double>();
            cluster = grown;
            if ((long)grownSize == size) break;
            size = (long)grownSize;
        }
        spins.copy_(spins * (1.0 - 2.0 * cluster));
        return size;
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _addProbability.Dispose();
    }
}
