using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Rbm;

/// <summary>
/// The effective visible energy of a spin RBM read as a renormalization step (lecture notes eqs. 4.44–4.52): summing the
/// hidden spins out leaves E_eff(s) = −Σ_i a_i s_i − Σ_j ln 2cosh(b_j + Σ_i W_ij s_i), which is exactly the machine's
/// free energy F(v) of <see cref="RestrictedBoltzmannMachine.FreeEnergy"/> (β = 1 absorbed into W, a, b), so that
/// p(s) = e^{−E_eff(s)}/Z. Any function of N spins is a unique multilinear polynomial,
/// E_eff(s) = −Σ_S J_S Π_{i∈S} s_i, and this class gives its couplings J_S three ways: the expansion to second order in W
/// (<see cref="SecondOrder"/>), the leading term of every order (<see cref="LeadingCouplings"/>), and the exact
/// Walsh–Fourier transform over all 2^N states (<see cref="ExactCouplings"/>) or its uniform-sampling estimate for the
/// pairs of a large N (<see cref="SampledPairCouplings"/>).
/// </summary>
/// <remarks>
/// With f(x) = ln cosh x, Taylor's series about b_j in the field x_j − b_j = Σ_i W_ij s_i, and s_i² = 1, the term of
/// order n contributes f⁽ⁿ⁾(b_j)/n! (Σ_i W_ij s_i)ⁿ; its part on n distinct spins is f⁽ⁿ⁾(b_j) Π W_ij (the n! orderings
/// cancel the factorial). So the leading coupling of a set S of k spins is J_S = Σ_j f⁽ᵏ⁾(b_j) Π_{i∈S} W_ij: the field
/// h_i = a_i + Σ_j tanh(b_j) W_ij, the pair coupling J_ik = Σ_j sech²(b_j) W_ij W_kj (eq. 4.51; W Wᵀ at b = 0), three-spin
/// terms ∝ W³ f‴(b) (zero at b = 0, where f‴ vanishes), four-spin terms ∝ W⁴. The next correction to a pair is of order
/// W⁴ (odd orders carry odd numbers of spins), and the multi-spin part grows relative to the pairs as |W| (b ≠ 0) or
/// |W|² (b = 0).
/// </remarks>
public static class RbmRenormalization
{
    /// <summary>Most visible spins the exact transform enumerates: 2^20 states, in chunks.</summary>
    public const int MaxExactSpins = 20;

    /// <summary>Visible states per chunk of the exact transform.</summary>
    private const int ChunkStates = 1 << 12;

    /// <summary>Uniform configurations per chunk of the sampled pair estimate (the chunk holds (C, N, N, H) fields).</summary>
    private const int SampleChunk = 16;

    /// <summary>E_eff(s) for spins <paramref name="visible"/> (B, N) → (B): the machine's free energy.</summary>
    public static Tensor EffectiveEnergy(RestrictedBoltzmannMachine machine, Tensor visible)
    {
        CheckSpins(machine);
        return machine.FreeEnergy(visible);
    }

    /// <summary>
    /// The expansion of E_eff to second order in W: E_eff(s) ≈ C − Σ_i h_i s_i − Σ_{i&lt;k} J_ik s_i s_k with
    /// C = −Σ_j [ln 2cosh b_j + ½ sech²(b_j) Σ_i W_ij²], h_i = a_i + Σ_j tanh(b_j) W_ij and J_ik = Σ_j sech²(b_j) W_ij W_kj
    /// (zero diagonal), in the machine's dtype. J is minus the Hessian of E_eff at s = 0 off the diagonal, and h minus
    /// its gradient there; the diagonal of that Hessian multiplies s_i² = 1 and so joins the constant.
    /// </summary>
    public static (Tensor Constant, Tensor Fields, Tensor Couplings) SecondOrder(RestrictedBoltzmannMachine machine)
    {
        CheckSpins(machine);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (w, a, b) = (machine.Weights.detach(), machine.VisibleBiases.detach(), machine.HiddenBiases.detach());
        var slope = b.tanh();                                           // f′(b) = tanh b, (H)
        var curvature = 1.0 - slope.square();                           // f″(b) = sech² b, (H)
        var fields = a + Guarded.matmul(w, slope);                               // (V)
        var scaled = w * curvature.unsqueeze(0);                        // (V, H)
        var couplings = Guarded.matmul(scaled, w.t());                           // (V, H) @ (H, V) -> (V, V)
        var diagonal = couplings.diagonal();
        var constant = -(RbmUnits.Spin.LogStateSum(b).sum() + 0.5 * diagonal.sum());
        couplings = couplings * (1.0 - torch.eye(machine.VisibleCount, dtype: machine.DType));
        return (constant.MoveToOuterDisposeScope(), fields.MoveToOuterDisposeScope(), couplings.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The coefficients of f⁽ⁿ⁾(b) = Pₙ(tanh b) for f = ln cosh, lowest power first: P₁ = t and P_{n+1} = Pₙ′(t)(1 − t²),
    /// because d tanh b/db = 1 − tanh² b.
    /// </summary>
    public static double[] LogCoshDerivativePolynomial(int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        var p = new double[] { 0, 1 };
        for (var n = 1; n < order; n++)
        {
            var next = new double[p.Length + 1];
            for (var k = 1; k < p.Length; k++)
            {
                next[k - 1] += k * p[k];        // k p_k t^{k−1}
                next[k + 1] -= k * p[k];        // −k p_k t^{k+1}
            }
            p = next;
        }
        return p;
    }

    /// <summary>f⁽ⁿ⁾(b) elementwise for f = ln cosh, in <paramref name="b"/>'s dtype.</summary>
    public static Tensor LogCoshDerivative(Tensor b, int order)
    {
        ArgumentNullException.ThrowIfNull(b);
        var p = LogCoshDerivativePolynomial(order);
        using var scope = torch.NewDisposeScope();
        var t = b.tanh();
        var result = torch.full_like(t, p[^1]);
        for (var k = p.Length - 2; k >= 0; k--) result = result * t + p[k];   // Horner
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The leading-order coupling J_S = Σ_j f⁽ᵏ⁾(b_j) Π_{i∈S} W_ij of the set of k distinct <paramref name="sites"/>
    /// (plus a_i for a single site), as a double.
    /// </summary>
    public static double LeadingCoupling(RestrictedBoltzmannMachine machine, IReadOnlyList<int> sites)
    {
        CheckSpins(machine);
        ArgumentNullException.ThrowIfNull(sites);
        if (sites.Count < 1 || sites.Distinct().Count() != sites.Count || sites.Any(i => i < 0 || i >= machine.VisibleCount))
            throw new ArgumentException("The sites must be one or more distinct visible units.", nameof(sites));
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var w = machine.Weights.detach().to(ScalarType.Float64);
        var product = torch.ones([machine.HiddenCount], ScalarType.Float64);
        foreach (var i in sites) product = product * w.select(0, i);
        var coupling = (LogCoshDerivative(machine.HiddenBiases.detach().to(ScalarType.Float64), sites.Count) * product).sum().ItemAs<double>();
        return sites.Count == 1 ? coupling + machine.VisibleBiases.detach().to(ScalarType.Float64).select(0, sites[0]).ItemAs<double>() : coupling;
    }

    /// <summary>
    /// Every coupling of E_eff exactly, J_S = −2^{−N} Σ_s E_eff(s) Π_{i∈S} s_i, as a float64 vector (2^N) indexed by the
    /// bit mask of S (bit i set when spin i ∈ S; entry 0 is minus the mean energy), by a fast Walsh–Hadamard transform
    /// over the energies of all states in <see cref="SpinConfigurations"/> order. Work 2^N (N + H)·N.
    /// </summary>
    /// <exception cref="InvalidOperationException">N exceeds <see cref="MaxExactSpins"/>.</exception>
    public static Tensor ExactCouplings(RestrictedBoltzmannMachine machine)
    {
        CheckSpins(machine);
        var n = machine.VisibleCount;
        if (n > MaxExactSpins)
            throw new InvalidOperationException($"The exact transform enumerates all 2^N visible states; N = {n} exceeds {MaxExactSpins}. Use SampledPairCouplings.");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        using var exact = machine.ToDType(ScalarType.Float64);
        var total = 1L << n;
        var chunks = new List<Tensor>();
        for (var first = 0L; first < total; first += ChunkStates)
        {
            using var states = SpinConfigurations.Range(first, Math.Min(ChunkStates, total - first), n);   // (C, N)
            chunks.Add(exact.FreeEnergy(states));
        }
        var values = -torch.cat(chunks);   // −E_eff, (2^N)
        for (var bit = 0; bit < n; bit++)
        {
            // Code bit `bit` is the middle axis: (2^{N−1−bit}, 2, 2^bit). Index 0 of the output is the sum over s_i
            // (i ∉ S), index 1 the sum weighted by s_i = ±1 (i ∈ S); halving each time gives the mean 2^{−N} Σ_s.
            var view = values.view(total >> (bit + 1), 2, 1L << bit);
            var (down, up) = (view.select(1, 0), view.select(1, 1));
            values = torch.stack([(up + down) * 0.5, (up - down) * 0.5], 1).reshape(total);
        }
        return values.MoveToOuterDisposeScope();
    }

    /// <summary>The pair couplings J_ik (N, N) of an <see cref="ExactCouplings"/> vector, zero diagonal.</summary>
    public static Tensor PairCouplings(Tensor exactCouplings, int spins)
    {
        var values = CheckCouplings(exactCouplings, spins);
        var pairs = new double[spins * spins];
        for (var i = 0; i < spins; i++)
            for (var k = i + 1; k < spins; k++)
                pairs[i * spins + k] = pairs[k * spins + i] = values[(1L << i) | (1L << k)];
        return torch.tensor(pairs, [spins, spins]);
    }

    /// <summary>
    /// The root sum of squares of the couplings of each order k = 0…N of an <see cref="ExactCouplings"/> vector:
    /// (Σ_{|S| = k} J_S²)^{1/2}, so that entry 2 measures the pairs and entries ≥ 3 the multi-spin terms.
    /// </summary>
    public static double[] NormByOrder(Tensor exactCouplings, int spins)
    {
        var values = CheckCouplings(exactCouplings, spins);
        var squares = new double[spins + 1];
        for (var mask = 0L; mask < values.Length; mask++) squares[long.PopCount(mask)] += values[mask] * values[mask];
        return squares.Select(Math.Sqrt).ToArray();
    }

    /// <summary>(Σ_{|S| ≥ 3} J_S²)^{1/2} / (Σ_{|S| = 2} J_S²)^{1/2}: the size of the multi-spin part against the pairs.</summary>
    public static double MultiSpinRatio(Tensor exactCouplings, int spins) => MultiSpinRatio(NormByOrder(exactCouplings, spins));

    /// <summary>The same ratio from the norms by order of <see cref="NormByOrder"/>.</summary>
    public static double MultiSpinRatio(IReadOnlyList<double> normsByOrder)
    {
        ArgumentNullException.ThrowIfNull(normsByOrder);
        return Math.Sqrt(normsByOrder.Skip(3).Sum(x => x * x)) / normsByOrder[2];
    }

    /// <summary>
    /// The exact pair couplings J_ik estimated for any N by sampling the other spins uniformly: J_ik is the uniform
    /// average of ¼ Σ_{σ,σ′=±1} σσ′ (−E_eff) with s_i = σ, s_k = σ′, i.e. of Σ_j ¼[f(c + W_ij + W_kj) − f(c + W_ij − W_kj)
    /// − f(c − W_ij + W_kj) + f(c − W_ij − W_kj)] with c = b_j + Σ_{l≠i,k} W_lj s_l — a second difference that is
    /// ≈ sech²(c) W_ij W_kj, so its variance is small. Returns the means and their standard errors, (N, N) float64 each,
    /// zero diagonals.
    /// </summary>
    public static (Tensor Couplings, Tensor StandardErrors) SampledPairCouplings(RestrictedBoltzmannMachine machine, int samples, Generator generator)
    {
        CheckSpins(machine);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        using var noGrad = torch.no_grad();
        using var outer = torch.NewDisposeScope();
        using var exact = machine.ToDType(ScalarType.Float64);
        var (n, w) = (machine.VisibleCount, exact.Weights.detach());
        var wi = w.unsqueeze(1).unsqueeze(0);   // (1, N, 1, H): W_ij
        var wk = w.unsqueeze(0).unsqueeze(0);   // (1, 1, N, H): W_kj
        var sum = torch.zeros([n, n], ScalarType.Float64);
        var sumSquares = torch.zeros([n, n], ScalarType.Float64);
        for (var first = 0; first < samples; first += SampleChunk)
        {
            using var scope = torch.NewDisposeScope();
            var s = SpinConfigurations.Random(Math.Min(SampleChunk, samples - first), n, generator);   // (C, N)
            var field = exact.HiddenField(s);                                                           // (C, H)
            var own = s.unsqueeze(2) * w.unsqueeze(0);                                                  // (C, N, H): s_i W_ij
            var c = field.unsqueeze(1).unsqueeze(1) - own.unsqueeze(2) - own.unsqueeze(1);              // (C, N, N, H)
            var difference = Spin(c + wi + wk) - Spin(c + wi - wk) - Spin(c - wi + wk) + Spin(c - wi - wk);
            var estimate = difference.sum(3) * 0.25;                                                    // (C, N, N)
            sum.add_(estimate.sum(0L));
            sumSquares.add_(estimate.square().sum(0L));
        }
        var mean = sum / samples;
        var variance = (sumSquares / samples - mean.square()).clamp_min(0) * (samples / (samples - 1.0));
        var error = (variance / samples).sqrt();
        var offDiagonal = 1.0 - torch.eye(n, dtype: ScalarType.Float64);
        return ((mean * offDiagonal).MoveToOuterDisposeScope(), (error * offDiagonal).MoveToOuterDisposeScope());
    }

    private static Tensor Spin(Tensor field) => RbmUnits.Spin.LogStateSum(field);

    private static double[] CheckCouplings(Tensor exactCouplings, int spins)
    {
        ArgumentNullException.ThrowIfNull(exactCouplings);
        if (spins < 1 || spins > MaxExactSpins || exactCouplings.dim() != 1 || exactCouplings.size(0) != 1L << spins)
            throw new ArgumentException($"Expected the 2^{spins} couplings of ExactCouplings.", nameof(exactCouplings));
        using var values = exactCouplings.to(ScalarType.Float64);
        return values.ToArray<double>();
    }

    private static void CheckSpins(RestrictedBoltzmannMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (machine.Units != RbmUnits.Spin)
            throw new ArgumentException("The renormalization reading needs ±1 spin units in both layers.", nameof(machine));
    }
}
