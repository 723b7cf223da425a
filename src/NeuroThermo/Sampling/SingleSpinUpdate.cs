using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling;

/// <summary>How one spin is updated given its local field h_i^loc = Σ_j J_ij s_j + h_i.</summary>
public enum SingleSpinRule
{
    /// <summary>Propose s_i → −s_i and accept with probability min(1, e^{−βΔE}), ΔE = 2 s_i h_i^loc.</summary>
    Metropolis,

    /// <summary>
    /// Heat bath (Glauber): draw s_i afresh from its conditional distribution, p(s_i = +1) = σ(2βh_i^loc)
    /// = 1/(1 + e^{−2βh_i^loc}), whatever its current value.
    /// </summary>
    HeatBath,
}

/// <summary>In which order a sweep visits the spins.</summary>
public enum SweepSchedule
{
    /// <summary>Spins 0, 1, …, N − 1 one after the other; N small tensor operations per sweep, so for small systems.</summary>
    Sequential,

    /// <summary>
    /// One colour class of a proper colouring at a time (<see cref="InteractionGraph.Colours"/>): spins of one colour
    /// do not interact, so they are updated together in one vectorised step. Two steps per sweep on a bipartite lattice.
    /// </summary>
    Checkerboard,
}

/// <summary>
/// One sweep of single-spin updates on a batch of rows, each row at its own β: the move shared by
/// <see cref="SingleSpinSampler"/>, <see cref="ParallelTempering"/> and <see cref="SimulatedAnnealing"/>.
/// Both rules satisfy detailed balance for each spin update, and the composition over a fixed order of sites (or
/// colour classes) leaves e^{−βE} invariant.
/// </summary>
internal sealed class SingleSpinUpdate : IDisposable
{
    private readonly InteractionGraph _graph;

    public SingleSpinUpdate(SpinEnergy energy, SingleSpinRule rule, SweepSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(energy);
        if (!Enum.IsDefined(rule)) throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown single-spin rule.");
        if (!Enum.IsDefined(schedule)) throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown sweep schedule.");
        Rule = rule;
        Schedule = schedule;
        _graph = InteractionGraph.From(energy);
    }

    public SingleSpinRule Rule { get; }

    public SweepSchedule Schedule { get; }

    public InteractionGraph Graph => _graph;

    /// <summary>"metropolis-sequential", "heat-bath-checkerboard", ….</summary>
    public string Name => (Rule == SingleSpinRule.Metropolis ? "metropolis" : "heat-bath") + "-" +
                          (Schedule == SweepSchedule.Sequential ? "sequential" : "checkerboard");

    /// <summary>
    /// One sweep of every row of <paramref name="spins"/> (rows, N), updated in place, row r at β = betas[r]; adds the
    /// number of spins that changed to <paramref name="flipped"/> (0-D int64), so counting costs no host round trip.
    /// </summary>
    public void Sweep(Tensor spins, Tensor betas, Generator generator, Tensor flipped)
    {
        if (Schedule == SweepSchedule.Sequential)
        {
            for (var site = 0; site < _graph.SpinCount; site++)
            {
                using var scope = torch.NewDisposeScope();
                var column = spins.select(1, site);                     // (rows) view into spins
                var field = _graph.SiteField(spins, site);              // (rows)
                var updated = Update(column, field, betas, generator);   // (rows)
                flipped.add_(updated.ne(column).sum());
                column.copy_(updated);
            }
            return;
        }
        var betaColumn = betas.unsqueeze(1);                             // (rows, 1)
        try
        {
            for (var colour = 0; colour < _graph.ColourCount; colour++)
            {
                using var scope = torch.NewDisposeScope();
                var sites = _graph.ClassSites(colour);                                      // (n_c)
                var current = spins.index_select(1, sites);                                 // (rows, n_c)
                var field = _graph.ClassField(spins, colour);                               // (rows, n_c)
                var updated = Update(current, field, betaColumn, generator);
                flipped.add_(updated.ne(current).sum());
                spins.index_put_(updated, TensorIndex.Colon, TensorIndex.Tensor(sites));
            }
        }
        finally
        {
            betaColumn.Dispose();
        }
    }

    // The new values of spins s (any shape) with local fields h, at inverse temperatures β broadcast against them.
    private Tensor Update(Tensor s, Tensor h, Tensor beta, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var u = torch.rand(s.shape, torch.float64, generator: generator);
        Tensor updated;
        if (Rule == SingleSpinRule.Metropolis)
        {
            var acceptance = (beta * s * h * -2.0).exp();     // e^{−βΔE}, ΔE = 2 s h; ≥ 1 (always accept) when ΔE ≤ 0
            updated = torch.where(u.lt(acceptance), -s, s);
        }
        else
        {
            var up = (beta * h * 2.0).sigmoid();              // p(s = +1) = σ(2βh)
            updated = u.lt(up).to(torch.float64) * 2.0 - 1.0;
        }
        return updated.MoveToOuterDisposeScope();
    }

    public void Dispose() => _graph.Dispose();
}
