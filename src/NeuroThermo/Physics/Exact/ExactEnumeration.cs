using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.Exact;

/// <summary>
/// Exact equilibrium statistics of a <see cref="SpinEnergy"/> by summing over all 2^N configurations, in chunks
/// (lecture notes eqs. 2.14–2.19): ln Z, the Boltzmann probabilities, thermodynamic potentials, magnetization
/// moments, site averages and correlations, marginals, and ground states.
/// </summary>
/// <remarks>
/// Weights are e^{−βE} with β = 1/T ≥ 0, k_B = 1. ln Z is a log-sum-exp over chunks, each shifted by its lowest
/// energy, so it is finite and accurate from β = 0 (ln Z = N ln 2) to β of order 10² and beyond. Memory is bounded
/// by the chunk size (<see cref="ExactEnumerationOptions"/>), not by 2^N; time grows as 2^N.
/// <see cref="LogPartitionFunction"/> is differentiable in β and in the model's J and h, which is how the autograd
/// identities U = −∂ ln Z/∂β, C = β² ∂² ln Z/∂β², ⟨s_i⟩ = β⁻¹ ∂ ln Z/∂h_i are computed and checked.
/// </remarks>
public sealed partial class ExactEnumeration : IDisposable
{
    private readonly SpinEnergy _model;
    private readonly EnumerationLayout _layout;
    private readonly Tensor _couplings;   // (N, N), detached: the fast paths do not build graphs
    private readonly Tensor _fields;      // (N), detached

    /// <summary>Prepares the enumeration of <paramref name="model"/>'s configurations.</summary>
    /// <exception cref="ArgumentOutOfRangeException">N exceeds <see cref="ExactEnumerationOptions.MaxSpins"/>; the message says which method works instead.</exception>
    public ExactEnumeration(SpinEnergy model, ExactEnumerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new ExactEnumerationOptions();
        if (model.SpinCount > Options.MaxSpins)
            throw new ArgumentOutOfRangeException(nameof(model), model.SpinCount,
                $"Exact enumeration handles at most {Options.MaxSpins} spins (2^{Options.MaxSpins} configurations), not {model.SpinCount}. {model.LargeSystemAdvice}");
        _model = model;
        _layout = new EnumerationLayout(model.SpinCount, Options);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        _couplings = model.CouplingMatrix().detach().to(torch.float64).contiguous().DetachFromDisposeScope();
        _fields = model.FieldVector().detach().to(torch.float64).contiguous().DetachFromDisposeScope();
    }

    /// <summary>The chunking in use.</summary>
    public ExactEnumerationOptions Options { get; }

    /// <summary>N.</summary>
    public int SpinCount => _model.SpinCount;

    /// <summary>2^N.</summary>
    public long ConfigurationCount => 1L << SpinCount;

    /// <summary>
    /// ln Z(β) for each entry of <paramref name="beta"/> (0-D or (B), float64, every entry finite and ≥ 0),
    /// differentiable in β and in the model's couplings and fields: the log-sum-exp of the chunks' log-sum-exps of −βE.
    /// The graph keeps every chunk until the backward pass, so memory grows as 2^N (about 0.3 KB per configuration at
    /// four β: 4.8 GB at N = 24); for large N take U and C from <see cref="Thermodynamics"/>, whose memory is bounded.
    /// </summary>
    public Tensor LogPartitionFunction(Tensor beta)
    {
        using var couplings = _model.CouplingMatrix();
        using var fields = _model.FieldVector();
        return LogPartitionFunction(beta, couplings, fields);
    }

    /// <summary>ln Z(β) for a quadratic form with the given J and h (both may carry gradients).</summary>
    internal Tensor LogPartitionFunction(Tensor beta, Tensor couplings, Tensor fields)
    {
        ArgumentNullException.ThrowIfNull(beta);
        Numerics.CheckInverseTemperatures(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var column = beta.reshape(-1, 1);                        // (B, 1)
        using var energies = new ChunkEnergies(_layout, couplings, fields);
        var perChunk = new List<Tensor>();
        for (var chunk = 0; chunk < _layout.ChunkCount; chunk++)
        {
            using var chunkScope = torch.NewDisposeScope();
            var e = energies.Energies(chunk).reshape(1, -1);     // (1, R)
            perChunk.Add((-(column * e)).logsumexp(1).MoveToOuterDisposeScope());   // (B)
        }
        var logZ = torch.stack(perChunk, 0).logsumexp(0);        // (C, B) -> (B)
        return (beta.dim() == 0 ? logZ.reshape([]) : logZ).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ln Z, F, S, U, C and the magnetization statistics at each β, from the energy moments of every chunk
    /// (no autograd): U = ⟨E⟩, C = β² Var E, S = ln Z + βU, and the distribution of the number of up spins.
    /// </summary>
    /// <param name="betas">Inverse temperatures, each finite and ≥ 0.</param>
    /// <param name="trackMagnetization">False skips the up-count distribution (one matrix product per chunk less);
    /// the magnetization properties of the points are then meaningless.</param>
    public IReadOnlyList<ThermodynamicPoint> Thermodynamics(IReadOnlyList<double> betas, bool trackMagnetization = true)
    {
        Numerics.CheckInverseTemperatures(betas, nameof(betas));
        var accumulator = new MomentAccumulator(betas, SpinCount);
        var groups = Enumerable.Range(0, betas.Count).Chunk(Options.InverseTemperaturesPerPass).ToArray();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var negativeBetas = groups.Select(g => torch.tensor(g.Select(b => -betas[b]).ToArray(), [g.Length, 1])).ToArray();   // (G, 1) each
        ForEachChunk((chunk, energies) =>
        {
            var flat = energies.reshape(-1);                                      // (R)
            var lowest = flat.min().ItemAs<double>();
            var excess = flat - lowest;                                           // (R), ≥ 0
            var excessSquared = excess.square();                                  // (R)
            for (var g = 0; g < groups.Length; g++)
            {
                using var groupScope = torch.NewDisposeScope();
                var weights = (negativeBetas[g] * excess.unsqueeze(0)).exp_();   // (G, R): e^{−β(E − E_min)} ≤ 1
                // Σw, Σw ΔE, Σw ΔE² as reductions, not a matrix product: libtorch sums a row pairwise, so the error grows
                // like log R, while a BLAS dot product over R = 2^20 terms may accumulate in order (measured: 3e-12 off
                // in U at N = 15 with libtorch 2.10's BLAS, against 1e-15 this way).
                // Three reductions over (G, R) rather than one over (G, 3, R): the same sums with a third of the temporary.
                var sums = torch.stack([weights.sum(1), (weights * excess).sum(1), (weights * excessSquared).sum(1)], 1)
                    .ToArray<double>();                                           // (G, 3)
                var upCounts = trackMagnetization ? UpCountSums(chunk, weights) : null;
                for (var i = 0; i < groups[g].Length; i++)
                {
                    var b = groups[g][i];
                    var (s0, s1, s2) = (sums[3 * i], sums[3 * i + 1], sums[3 * i + 2]);
                    var mean = s1 / s0;
                    accumulator.Add(b, -betas[b] * lowest + Math.Log(s0), lowest + mean, s2 / s0 - mean * mean,
                        upCounts is null ? [] : upCounts[i].Select(run => (run.Offset, run.Values.Select(v => v / s0).ToArray())).ToArray());
                }
            }
        });
        return accumulator.Results();
    }

    // Σ of the weights over each (outer row, inner up count): runs of K + 1 values starting at the row's own up count.
    private (int Offset, double[] Values)[][] UpCountSums(int chunk, Tensor weights)
    {
        var b = weights.size(0);
        var rows = _layout.RowsPerChunk;
        var width = _layout.InnerBits + 1;
        using var byRow = weights.reshape(b, rows, -1);                         // (B, R) -> (B, M, 2^K)
        using var sums = Guarded.matmul(byRow, _layout.InnerUpCountOneHot);              // (B, M, K + 1)
        var values = sums.ToArray<double>();
        var offsets = _layout.OuterUpCounts(chunk);
        var result = new (int, double[])[b][];
        for (var i = 0; i < b; i++)
        {
            result[i] = new (int, double[])[rows];
            for (var m = 0; m < rows; m++) result[i][m] = (offsets[m], values.AsSpan((int)((i * rows + m) * width), width).ToArray());
        }
        return result;
    }

    /// <summary>Calls <paramref name="body"/> with each chunk's energies (M, 2^K) inside its own dispose scope, without autograd.</summary>
    private void ForEachChunk(Action<int, Tensor> body)
    {
        using var noGrad = torch.no_grad();
        using var energies = new ChunkEnergies(_layout, _couplings, _fields);
        for (var chunk = 0; chunk < _layout.ChunkCount; chunk++)
        {
            using var scope = torch.NewDisposeScope();
            body(chunk, energies.Energies(chunk));
        }
    }

    public void Dispose()
    {
        _layout.Dispose();
        _couplings.Dispose();
        _fields.Dispose();
    }
}
