using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Rbm;

/// <summary>
/// The exact log partition function of a restricted Boltzmann machine with a small layer: enumerate the 2^n states of
/// the smaller layer (n ≤ <see cref="RestrictedBoltzmannMachine.MaxExactUnits"/>) and sum the other layer out
/// analytically, ln Z = ln Σ_v e^{−F(v)} = ln Σ_h e^{−F_h(h)}.
/// </summary>
public static class RbmPartitionFunction
{
    /// <summary>States per chunk: 2^12 rows of the other layer's float64 fields are 25 MB at 784 units.</summary>
    public const int ChunkStates = 1 << 12;

    /// <summary>
    /// ln Z as a 0-dim tensor in the machine's dtype, differentiable in W, a and b (each chunk's log-sum-exp is kept
    /// in the graph). Work grows as 2^n · V · H for n = min(V, H).
    /// </summary>
    /// <exception cref="InvalidOperationException">Both layers have more than <see cref="RestrictedBoltzmannMachine.MaxExactUnits"/> units.</exception>
    public static Tensor ExactLogZ(RestrictedBoltzmannMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var enumerateHidden = machine.HiddenCount <= machine.VisibleCount;
        var units = Math.Min(machine.HiddenCount, machine.VisibleCount);
        if (units > RestrictedBoltzmannMachine.MaxExactUnits)
            throw new InvalidOperationException(
                $"Exact ln Z enumerates the smaller layer, which has {units} units here; the limit is {RestrictedBoltzmannMachine.MaxExactUnits}. Use AIS instead.");
        using var scope = torch.NewDisposeScope();
        var total = 1L << units;
        var chunks = new List<Tensor>();
        for (var first = 0L; first < total; first += ChunkStates)
        {
            using var spins = SpinConfigurations.Range(first, Math.Min(ChunkStates, total - first), units);   // (C, n) of ±1
            using var states = machine.Units.FromSpins(spins).to(machine.DType);                              // (C, n)
            var free = enumerateHidden ? machine.HiddenFreeEnergy(states) : machine.FreeEnergy(states);       // (C)
            chunks.Add((-free).logsumexp(0));
        }
        return torch.stack(chunks).logsumexp(0).MoveToOuterDisposeScope();
    }

    /// <summary>ln Z as a double, without a graph, summed in float64 whatever the machine's dtype.</summary>
    public static double ExactLogZValue(RestrictedBoltzmannMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        using var noGrad = torch.no_grad();
        using var exact = machine.ToDType(ScalarType.Float64);
        using var logZ = ExactLogZ(exact);
        return logZ.ItemAs<double>();
    }
}
