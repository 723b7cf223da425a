using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling.Native;

/// <summary>
/// The tensor-op sweep of <see cref="SquareIsingCheckerboard"/>: views and buffers for one state, made once
/// per run so a half-sweep is a fixed list of in-place libtorch ops (about 36) with two boolean masks as its only allocations.
/// </summary>
/// <remarks>
/// Random numbers: every site owns a 64-bit linear congruential generator x ← a·x + c (mod 2^64, Knuth's
/// MMIX constants), advanced by two int64 tensor ops. libtorch's own CPU generator costs about 7 ns per
/// number here (serial Mersenne twister), more than the whole rest of a flip, while the LCG step is two
/// vectorised passes; a comparison against a threshold reads the state's top bits, which are the LCG's
/// good ones. The state read as a signed integer is uniform on [−2^63, 2^63), so a flip with acceptance
/// probability p is accepted when x ≤ p·2^64 − 2^63, computed as exp(−βΔE + 64 ln 2) − 2^63 and compared in
/// float64, so the acceptance probabilities are exact to about 2^−53. (float32 was tried: its 24 bits put an
/// error of 10⁻³ on the rarest acceptance at T = 1.5, and p = 1 could round below the largest state.)
/// </remarks>
internal sealed class TensorCheckerboardSweep : IDisposable
{
    private const long LcgMultiplier = 6364136223846793005L;
    private const long LcgIncrement = 1442695040888963407L;
    private static readonly double TwoTo63 = Math.Pow(2, 63);
    private static readonly double LogTwoTo64 = 64 * Math.Log(2);
    private static readonly double LogZeroChangeAcceptance = Math.Log(SquareIsingCheckerboard.ZeroChangeAcceptance);

    private readonly List<Tensor> _owned = [];
    private readonly Colour[] _colours = new Colour[2];
    private readonly Tensor _field;     // (C, 2, H, H) float64: the threshold
    private readonly Tensor _uniform;   // (C, 2, H, H) float64: the random state as a number
    private readonly Tensor _factor;    // (C, 2, H, H) int8: −1 where a flip is accepted, else +1
    private readonly Tensor _spins;
    private readonly double _slope, _fieldSlope;

    private sealed record Colour(Tensor Spins, Tensor Neighbours, Tensor Random, (Tensor Target, Tensor Source, bool First)[] Adds);

    internal TensorCheckerboardSweep(CheckerboardState state, double beta, double coupling, double field)
    {
        _spins = state.Spins;
        long chains = state.Chains, half = state.Size / 2;
        long[] shape = [chains, 2, half, half];
        _field = Keep(torch.empty(shape, ScalarType.Float64));
        _uniform = Keep(torch.empty(shape, ScalarType.Float64));
        _factor = Keep(torch.empty(shape, ScalarType.Int8));
        _slope = -2 * beta * coupling;
        _fieldSlope = -2 * beta * field;
        for (int colour = 0; colour < 2; colour++)
        {
            var neighbours = Keep(torch.empty(shape, ScalarType.Int8));
            var quarter = new Tensor[4];
            for (int q = 0; q < 4; q++) quarter[q] = Keep(_spins.select(1, q));   // (C, H, H)
            var even = Keep(neighbours.select(1, 0));
            var odd = Keep(neighbours.select(1, 1));
            int other = 2 * (1 - colour);
            var adds = new List<(Tensor, Tensor, bool)>();
            // Rows (dim 1): an even row 2i sits between odd rows 2i−1 and 2i+1 (other colour's odd quarter,
            // rows i−1 and i); an odd row between even rows i and i+1. Columns (dim 2): colour 0 on even rows
            // and colour 1 on odd rows see the same-row quarter at k−1 and k, the others at k and k+1.
            AddPair(adds, even, quarter[other + 1], dim: 1, back: true, first: true);
            AddPair(adds, even, quarter[other], dim: 2, back: colour == 0, first: false);
            AddPair(adds, odd, quarter[other], dim: 1, back: false, first: true);
            AddPair(adds, odd, quarter[other + 1], dim: 2, back: colour == 1, first: false);
            _colours[colour] = new Colour(Keep(_spins.narrow(1, 2 * colour, 2)), neighbours,
                Keep(state.RandomState.narrow(1, 2 * colour, 2)), [.. adds]);
        }
    }

    /// <summary>One sweep; returns per chain the bond sum Σ s_i s_j and the spin sum, as int64 (C) tensors.</summary>
    internal (Tensor Bonds, Tensor Spins) Sweep()
    {
        HalfSweep(_colours[0]);
        HalfSweep(_colours[1]);
        // After the colour-1 half-sweep its buffer holds s_new · (neighbour sum) for every colour-1 site, and
        // every bond has exactly one colour-1 end.
        return (_colours[1].Neighbours.sum([1, 2, 3]), _spins.sum([1, 2, 3]));
    }

    private void HalfSweep(Colour c)
    {
        foreach (var (target, source, first) in c.Adds)
        {
            if (first) target.copy_(source);
            else target.add_(source);
        }
        var n = c.Neighbours;
        n.mul_(c.Spins);                                   // s·n; ΔE = 2 J s n + 2 h s
        _field.copy_(n).mul_(_slope);
        if (_fieldSlope != 0) _field.add_(c.Spins, _fieldSlope);
        // −βΔE is exactly 0 only for ΔE = 0 (its terms are multiples of 2β by small integers): accept those with ½.
        using (var unchanged = _field.eq(0)) _field.masked_fill_(unchanged, LogZeroChangeAcceptance);
        _field.add_(LogTwoTo64).exp_().sub_(TwoTo63);    // p·2^64 − 2^63
        c.Random.mul_(LcgMultiplier).add_(LcgIncrement);
        _uniform.copy_(c.Random);
        using (var accepted = _uniform.le(_field)) _factor.copy_(accepted);
        _factor.mul_(-2).add_(1);
        c.Spins.mul_(_factor);
        n.mul_(_factor);                                   // s_new·n, the bond sum of the observables
    }

    private void AddPair(List<(Tensor, Tensor, bool)> adds, Tensor target, Tensor source, int dim, bool back, bool first)
    {
        // target += source + source shifted by one along dim (periodic): index i−1 when back, else i+1.
        long n = source.shape[dim];
        adds.Add((target, source, first));
        if (n == 1)
        {
            adds.Add((target, source, false));
            return;
        }
        long from = back ? 0 : 1, to = back ? 1 : 0;
        adds.Add((Keep(target.narrow(dim, to, n - 1)), Keep(source.narrow(dim, from, n - 1)), false));
        adds.Add((Keep(target.narrow(dim, back ? 0 : n - 1, 1)), Keep(source.narrow(dim, back ? n - 1 : 0, 1)), false));
    }

    private Tensor Keep(Tensor t)
    {
        _owned.Add(t.DetachFromDisposeScope());
        return t;
    }

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
    }
}
