using NeuroThermo.Physics.Energies;

namespace NeuroThermo.Sampling;

/// <summary>
/// Simulated annealing with sequential single-spin Metropolis on a dense coupling matrix, for spin glasses of up to a
/// few thousand spins: E(s) = −Σ_{i&lt;j} J_ij s_i s_j − Σ_i h_i s_i, ΔE of flipping s_i = 2 s_i h_i^loc with
/// h_i^loc = Σ_j J_ij s_j + h_i, weights e^{−βE} (β = 1/T, k_B = 1).
/// </summary>
/// <remarks>
/// <see cref="SimulatedAnnealing"/> updates one colour class per tensor step; on the complete graph of SK every colour
/// class is a single spin, so a sweep costs N small tensor operations. Here each chain keeps its local fields in an
/// array and updates them in O(N) only when a flip is accepted, which at low T is rare, so a
/// sweep costs about N·(1 + acceptance·N) multiply-adds with no per-operation overhead. The best configuration
/// each chain has visited is kept, checked after every sweep. Random numbers come from one seeded generator per run.
/// </remarks>
public sealed class DenseAnnealer
{
    private readonly double[] _couplings;   // (N·N) row-major, symmetric, zero diagonal
    private readonly double[] _fields;      // (N)

    /// <summary>An annealer of <paramref name="energy"/> along <paramref name="schedule"/>, <paramref name="sweepsPerStage"/> sweeps at each β.</summary>
    public DenseAnnealer(SpinEnergy energy, AnnealingSchedule schedule, int sweepsPerStage)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(sweepsPerStage, 1);
        using var graph = InteractionGraph.From(energy);
        var n = graph.SpinCount;
        _couplings = new double[n * n];
        foreach (var (i, j, coupling) in graph.Edges)
        {
            // Edges hold each pair once (I < J) with its total coupling, so both triangles get it once.
            _couplings[i * n + j] += coupling;
            _couplings[j * n + i] += coupling;
        }
        _fields = graph.Fields.ToArray();
        SpinCount = n;
        Schedule = schedule;
        SweepsPerStage = sweepsPerStage;
    }

    /// <summary>N.</summary>
    public int SpinCount { get; }

    /// <summary>The inverse temperatures of the stages.</summary>
    public AnnealingSchedule Schedule { get; }

    /// <summary>Sweeps at each stage.</summary>
    public int SweepsPerStage { get; }

    /// <summary>E(s) of one configuration of ±1 values.</summary>
    public double Energy(ReadOnlySpan<double> spins)
    {
        var n = SpinCount;
        var energy = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = _couplings.AsSpan(i * n, n);
            var bonds = 0.0;
            for (var j = i + 1; j < n; j++) bonds += row[j] * spins[j];
            energy -= spins[i] * (bonds + _fields[i]);
        }
        return energy;
    }

    /// <summary>Anneals <paramref name="chains"/> chains from random starts drawn from <paramref name="seed"/>; returns each chain's best energy and the best configuration.</summary>
    public (double[] BestEnergies, double[] BestConfiguration) Anneal(int chains, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chains, 1);
        var random = new Random(seed);
        var best = new double[chains];
        double[] bestConfiguration = [];
        var overall = double.PositiveInfinity;
        for (var c = 0; c < chains; c++)
        {
            var (energy, configuration) = AnnealOne(random);
            best[c] = energy;
            if (energy < overall) (overall, bestConfiguration) = (energy, configuration);
        }
        return (best, bestConfiguration);
    }

    private (double Energy, double[] Configuration) AnnealOne(Random random)
    {
        var n = SpinCount;
        var spins = new double[n];
        for (var i = 0; i < n; i++) spins[i] = random.Next(2) == 0 ? -1 : 1;
        var local = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = _couplings.AsSpan(i * n, n);
            var sum = _fields[i];
            for (var j = 0; j < n; j++) sum += row[j] * spins[j];
            local[i] = sum;
        }
        var energy = Energy(spins);
        var bestEnergy = energy;
        var bestSpins = (double[])spins.Clone();
        foreach (var beta in Schedule.InverseTemperatures)
        {
            for (var sweep = 0; sweep < SweepsPerStage; sweep++)
            {
                for (var i = 0; i < n; i++)
                {
                    var delta = 2 * spins[i] * local[i];   // ΔE of s_i → −s_i
                    if (delta > 0 && random.NextDouble() >= Math.Exp(-beta * delta)) continue;
                    spins[i] = -spins[i];
                    energy += delta;
                    var change = 2 * spins[i];             // s_i changed by 2·s_i(new)
                    var row = _couplings.AsSpan(i * n, n);
                    for (var j = 0; j < n; j++) local[j] += row[j] * change;
                }
                if (energy < bestEnergy - 1e-12)
                {
                    bestEnergy = energy;
                    spins.CopyTo(bestSpins, 0);
                }
            }
        }
        // The running energy accumulates rounding over millions of flips; report the best state's energy afresh.
        return (Energy(bestSpins), bestSpins);
    }
}
