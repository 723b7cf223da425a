using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Exact;

// Distributions over configurations: the Boltzmann probabilities (eq. 2.14), marginals over a subset of spins
// (eqs. 2.15–2.19), site averages and correlations, and the ground states.
public sealed partial class ExactEnumeration
{
    /// <summary>Energies closer to E₀ than this, relative to Σ_{i&lt;j}|J_ij| + Σ_i|h_i|, count as degenerate with it.</summary>
    public const double DegeneracyTolerance = 1e-10;

    /// <summary>Most spins <see cref="Marginal"/> can keep (2^20 probabilities).</summary>
    public const int MaxMarginalSpins = 20;

    /// <summary>
    /// P(s) = e^{−βE(s)}/Z for all 2^N configurations, in code order (float64, (2^N)).
    /// β = 0 gives the uniform distribution; β = +∞ the uniform distribution over the ground states, the limit of
    /// eq. 2.14, computed as such rather than by overflowing.
    /// </summary>
    public Tensor Probabilities(double beta)
    {
        if (!double.IsPositiveInfinity(beta)) Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var pieces = new List<Tensor>();
        ForEachProbabilityChunk(beta, (_, probabilities) => pieces.Add(probabilities.reshape(-1).MoveToOuterDisposeScope()));
        return torch.cat(pieces, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The marginal distribution of the spins <paramref name="sites"/> (eq. 2.15: sum P over all other spins), as a
    /// (2^|A|) float64 tensor indexed by the code of the kept spins: bit k is sites[k].
    /// </summary>
    public Tensor Marginal(double beta, IReadOnlyList<int> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (sites.Count is 0 or > MaxMarginalSpins)
            throw new ArgumentOutOfRangeException(nameof(sites), sites.Count, $"A marginal keeps 1 to {MaxMarginalSpins} spins.");
        if (sites.Any(i => i < 0 || i >= SpinCount) || sites.Distinct().Count() != sites.Count)
            throw new ArgumentException($"Marginal sites must be distinct and between 0 and {SpinCount - 1}.", nameof(sites));
        using var scope = torch.NewDisposeScope();
        var innerCodes = SubsetCodes(_layout.InnerSpins, sites, 0);                   // (2^K)
        var marginal = torch.zeros([1L << sites.Count], torch.float64);
        ForEachProbabilityChunk(beta, (chunk, probabilities) =>
        {
            var outerCodes = SubsetCodes(_layout.OuterSpins(chunk), sites, _layout.InnerBits);   // (M)
            var codes = (outerCodes.unsqueeze(1) + innerCodes.unsqueeze(0)).reshape(-1);         // (M · 2^K)
            var updated = marginal.scatter_add(0, codes, probabilities.reshape(-1));
            marginal.copy_(updated);
        });
        return marginal.MoveToOuterDisposeScope();
    }

    /// <summary>⟨s_i⟩ (N) and ⟨s_i s_j⟩ (N, N) at <paramref name="beta"/>, as Σ_s P(s) s and Σ_s P(s) s sᵀ.</summary>
    public (Tensor Magnetizations, Tensor Correlations) SiteAverages(double beta)
    {
        Numerics.CheckInverseTemperature(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var t = _layout.InnerSpins;                                        // (2^K, K)
        var mean = torch.zeros([SpinCount], torch.float64);
        var second = torch.zeros([SpinCount, SpinCount], torch.float64);
        ForEachProbabilityChunk(beta, (chunk, p) =>                        // p: (M, 2^K)
        {
            var u = _layout.OuterSpins(chunk);                             // (M, N − K)
            var innerWeight = p.sum(0L);                                    // (2^K): Σ over outer rows
            var outerWeight = p.sum(1);                                    // (M): Σ over inner configurations
            var pt = Guarded.matmul(p, t);                                          // (M, K)
            var inner = torch.cat([Guarded.matmul(innerWeight, t), Guarded.matmul(outerWeight, u)], 0);   // (N)
            var tt = Guarded.matmul(t.t(), t * innerWeight.unsqueeze(1));           // (K, K)
            var tu = Guarded.matmul(pt.t(), u);                                     // (K, N − K)
            var uu = Guarded.matmul(u.t(), u * outerWeight.unsqueeze(1));           // (N − K, N − K)
            var block = torch.cat([torch.cat([tt, tu], 1), torch.cat([tu.t(), uu], 1)], 0);   // (N, N)
            mean.add_(inner);
            second.add_(block);
        });
        return (mean.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The ground-state energy, its degeneracy (the number of configurations within <see cref="DegeneracyTolerance"/>
    /// of it) and the codes of up to <paramref name="maxListed"/> of them, by two passes over all configurations.
    /// </summary>
    public GroundStateSet GroundStates(int maxListed = 1024)
    {
        if (maxListed < 0) throw new ArgumentOutOfRangeException(nameof(maxListed), maxListed, "Cannot list a negative number of ground states.");
        var lowest = double.PositiveInfinity;
        ForEachChunk((_, energies) => lowest = Math.Min(lowest, energies.min().ItemAs<double>()));
        var tolerance = DegeneracyWindow();
        long count = 0;
        var codes = new List<long>();
        ForEachChunk((chunk, energies) =>
        {
            var hits = energies.reshape(-1).le(lowest + tolerance).nonzero().reshape(-1);   // indices in the chunk
            var found = hits.ToArray<long>();
            count += found.Length;
            foreach (var index in found)
            {
                if (codes.Count < maxListed) codes.Add(_layout.FirstCode(chunk) + index);
            }
        });
        return new GroundStateSet(lowest, count, codes);
    }

    // Calls body with each chunk's normalised probabilities (M, 2^K); β = +∞ is the ground-state limit.
    private void ForEachProbabilityChunk(double beta, Action<int, Tensor> body)
    {
        if (double.IsPositiveInfinity(beta))
        {
            var ground = GroundStates(0);
            ForEachChunk((chunk, energies) =>
            {
                var isGround = energies.le(ground.Energy + DegeneracyWindow()).to(torch.float64);
                body(chunk, isGround / ground.Degeneracy);
            });
            return;
        }
        var logZ = Thermodynamics([beta], trackMagnetization: false)[0].LogPartitionFunction;
        ForEachChunk((chunk, energies) => body(chunk, (energies * -beta - logZ).exp_()));
    }

    // Energies within this of E₀ are degenerate with it: DegeneracyTolerance times the model's energy scale.
    private double DegeneracyWindow()
    {
        using var upper = _couplings.triu(1);
        var scale = upper.abs().sum().ItemAs<double>() + _fields.abs().sum().ItemAs<double>();
        return DegeneracyTolerance * Math.Max(scale, 1e-300);
    }

    // Code of the kept spins for each row of ±1 configurations whose first column is spin firstSite.
    private static Tensor SubsetCodes(Tensor spins, IReadOnlyList<int> sites, int firstSite)
    {
        var width = spins.size(1);
        var weights = new double[width];
        for (var k = 0; k < sites.Count; k++)
        {
            var column = sites[k] - firstSite;
            if (column >= 0 && column < width) weights[column] = 1L << k;
        }
        using var scope = torch.NewDisposeScope();
        var bits = (spins + 1) * 0.5;                                    // (rows, width) in {0, 1}
        return Guarded.matmul(bits, torch.tensor(weights)).to(torch.int64).MoveToOuterDisposeScope();
    }
}
