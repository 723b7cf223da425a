using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Hopfield;

/// <summary>How the spins of a Hopfield network are updated (eqs. 4.3–4.4).</summary>
public enum HopfieldUpdate
{
    /// <summary>One spin at a time, in a fresh random order each sweep (eq. 4.3).</summary>
    AsynchronousRandom,

    /// <summary>One spin at a time, in index order 0, 1, …, N − 1 every sweep (eq. 4.3).</summary>
    AsynchronousFixed,

    /// <summary>All spins at once from the same old state (eq. 4.4); may end in a 2-cycle.</summary>
    Synchronous,
}

/// <summary>Where a trajectory ended.</summary>
public enum HopfieldConvergence
{
    /// <summary>A full sweep (or synchronous step) changed nothing: s is a fixed point.</summary>
    FixedPoint,

    /// <summary>Synchronous updates alternate between two states, s(t + 2) = s(t) ≠ s(t + 1).</summary>
    TwoCycle,

    /// <summary>The sweep budget ran out first.</summary>
    NotConverged,
}

/// <summary>
/// One batch of trajectories: final states, E after every sweep, and how each row ended. Owns <see cref="States"/>.
/// </summary>
/// <param name="States">(B, N) final states.</param>
/// <param name="EnergyTrace">EnergyTrace[t][b] = E of row b after t sweeps (t = 0 is the initial state).</param>
/// <param name="Convergence">Per row: fixed point, 2-cycle or neither.</param>
/// <param name="ConvergedAfter">Per row: the sweep at which convergence was detected, or −1.</param>
public sealed record HopfieldTrajectory(Tensor States, double[][] EnergyTrace, HopfieldConvergence[] Convergence, int[] ConvergedAfter) : IDisposable
{
    /// <summary>Sweeps run (the number of entries of <see cref="EnergyTrace"/> minus one).</summary>
    public int Sweeps => EnergyTrace.Length - 1;

    public void Dispose() => States.Dispose();
}

/// <summary>
/// Zero-temperature dynamics of a <see cref="HopfieldNetwork"/>: s_i ← sgn(h_i) with h_i = Σ_j w_ij s_j − θ_i,
/// eq. 4.3 (asynchronous) or eq. 4.4 (synchronous), for a batch of B independent states at once.
/// </summary>
/// <remarks>
/// A spin whose field is exactly zero keeps its value. Flipping it would leave E unchanged, and keeping it makes
/// "no spin changed in a sweep" the same as "every spin agrees with its field", i.e. a fixed point. An
/// asynchronous flip changes E by ΔE = −Δs_i h_i ≤ 0 (w_ii = 0 is what makes this exact), so E never rises and the
/// dynamics stops in a local minimum; synchronous updates only guarantee that a Lyapunov function of two
/// successive states decreases, which allows the 2-cycles this class detects.
/// </remarks>
public static class HopfieldDynamics
{
    /// <summary>Sets spin <paramref name="spin"/> of every row of <paramref name="states"/> (B, N), in place, to the
    /// sign of its local field (unchanged where the field is zero).</summary>
    public static void UpdateSpin(HopfieldNetwork network, Tensor states, long spin)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(states);
        using var scope = torch.NewDisposeScope();
        var field = Guarded.matmul(states, network.Weights.select(0, spin)) - network.Thresholds.select(0, spin);   // (B)
        var column = states.select(1, spin);                                                               // (B) view
        column.copy_(AlignWith(field, column));
    }

    /// <summary>One synchronous step, eq. 4.4: every spin from the same old state; returns the new (B, N) states.</summary>
    public static Tensor SynchronousStep(HopfieldNetwork network, Tensor states)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var field = network.LocalField(states);
        return AlignWith(field, states);
    }

    /// <summary>
    /// Runs <paramref name="update"/> from <paramref name="initial"/> (B, N) until every row has converged or
    /// <paramref name="maxSweeps"/> sweeps (N single-spin updates, or one synchronous step) have run.
    /// </summary>
    /// <param name="generator">Draws the random orders; required for <see cref="HopfieldUpdate.AsynchronousRandom"/>.</param>
    public static HopfieldTrajectory Run(HopfieldNetwork network, Tensor initial, HopfieldUpdate update, int maxSweeps, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSweeps, 1);
        if (update == HopfieldUpdate.AsynchronousRandom && generator is null)
            throw new ArgumentNullException(nameof(generator), "Random-order updates need a generator.");
        var rows = (int)initial.size(0);
        var n = network.SpinCount;
        var convergence = Enumerable.Repeat(HopfieldConvergence.NotConverged, rows).ToArray();
        var convergedAfter = Enumerable.Repeat(-1, rows).ToArray();
        var trace = new List<double[]>();

        Tensor states;
        using (var converted = initial.to(ScalarType.Float64)) states = converted.clone().DetachFromDisposeScope();
        Tensor? previous = null;   // the state one synchronous step back, for 2-cycle detection
        try
        {
            trace.Add(EnergyOf(network, states));
            for (var sweep = 1; sweep <= maxSweeps && convergedAfter.Any(a => a < 0); sweep++)
            {
                using var scope = torch.NewDisposeScope();
                var before = states.clone();
                bool[] cycled;
                if (update == HopfieldUpdate.Synchronous)
                {
                    var next = SynchronousStep(network, states);
                    cycled = previous is null ? new bool[rows] : RowsEqual(next, previous);
                    previous?.Dispose();
                    previous = before.DetachFromDisposeScope();
                    states.Dispose();
                    states = next.DetachFromDisposeScope();
                }
                else
                {
                    var order = update == HopfieldUpdate.AsynchronousFixed
                        ? Enumerable.Range(0, n).Select(i => (long)i).ToArray()
                        : torch.randperm(n, generator: generator).ToArray<long>();
                    foreach (var spin in order) UpdateSpin(network, states, spin);
                    cycled = new bool[rows];
                }
                var unchanged = RowsEqual(states, before);
                trace.Add(EnergyOf(network, states));
                for (var b = 0; b < rows; b++)
                {
                    if (convergedAfter[b] >= 0) continue;
                    if (unchanged[b]) (convergence[b], convergedAfter[b]) = (HopfieldConvergence.FixedPoint, sweep);
                    else if (cycled[b]) (convergence[b], convergedAfter[b]) = (HopfieldConvergence.TwoCycle, sweep);
                }
            }
            previous?.Dispose();
            return new HopfieldTrajectory(states, [.. trace], convergence, convergedAfter);
        }
        catch
        {
            previous?.Dispose();
            states.Dispose();
            throw;
        }
    }

    /// <summary>sgn(field) where the field is non-zero, <paramref name="current"/> where it is zero.</summary>
    private static Tensor AlignWith(Tensor field, Tensor current)
    {
        using var zero = field.eq(0);
        using var sign = field.sign();
        return torch.where(zero, current, sign);
    }

    private static bool[] RowsEqual(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return a.eq(b).all(1).to(ScalarType.Float64).ToArray<double>().Select(v => v != 0).ToArray();
    }

    private static double[] EnergyOf(HopfieldNetwork network, Tensor states)
    {
        using var energy = network.Energy(states);
        return energy.ToArray<double>();
    }
}
