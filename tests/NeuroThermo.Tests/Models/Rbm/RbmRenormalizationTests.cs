using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>
/// The RBM's effective visible energy (eqs. 4.44–4.52) against brute-force marginalisation, its exact Walsh couplings
/// against direct projections, the second-order couplings (eq. 4.51) against the exact pairs to the next order in W and
/// against autograd's Hessian at s = 0, the leading multi-spin couplings, and the growth of the multi-spin part with W.
/// </summary>
public sealed class RbmRenormalizationTests
{
    /// <summary>float64 sums over 2^N terms agree to rounding.</summary>
    private const double RelTol = 1e-10;

    /// <summary>
    /// What is left after a known order of the expansion, as a fraction of the largest term of that order: two orders
    /// on, the terms are smaller by about |f⁽ⁿ⁺²⁾/f⁽ⁿ⁾|·Σ_i W_ij²/2 ≈ 0.01–0.02 at the weights and biases used, so 0.1
    /// passes with room and a wrong coefficient (even a factor 1.2) fails.
    /// </summary>
    private const double NextOrderFraction = 0.1;

    /// <summary>The small weight scale ε at which the expansion is checked.</summary>
    private const double SmallWeights = 0.03;

    /// <summary>Tolerance on a fitted log-log slope between two weight scales a factor 2 apart.</summary>
    private const double SlopeTol = 0.1;

    /// <summary>Standard errors a sampled coupling may miss the exact one by (28 pairs, so a 5σ miss is ~1e-5 likely).</summary>
    private const double SigmaTol = 5;

    [Fact]
    public void EffectiveEnergy_MatchesBruteForceMarginalOverHidden()
    {
        using var generator = new Generator(11);
        using var machine = RbmReference.RandomMachine(6, 4, RbmUnits.Spin, 1.2, generator);
        var reference = new RbmReference(machine);
        using var visible = RbmReference.AllStates(6, RbmUnits.Spin);
        using var energy = RbmRenormalization.EffectiveEnergy(machine, visible);
        var actual = energy.ToArray<double>();
        var rows = RbmReference.Rows(visible);
        for (var n = 0; n < rows.Length; n++)
        {
            var expected = reference.FreeEnergy(rows[n]);
            Assert.True(Math.Abs(actual[n] - expected) <= RelTol * Math.Max(1, Math.Abs(expected)), $"E_eff(s{n}) = {actual[n]:R}, brute force {expected:R}");
        }
    }

    [Fact]
    public void ExactCouplings_AreTheProjectionsOfTheEnergyOnEverySpinProduct()
    {
        const int n = 6;
        using var generator = new Generator(12);
        using var machine = RbmReference.RandomMachine(n, 4, RbmUnits.Spin, 1.2, generator);
        var reference = new RbmReference(machine);
        using var couplings = RbmRenormalization.ExactCouplings(machine);
        var actual = couplings.ToArray<double>();
        var states = Enumerable.Range(0, 1 << n).Select(c => reference.State(c, n)).ToArray();
        var energies = states.Select(reference.FreeEnergy).ToArray();
        for (var mask = 0; mask < 1 << n; mask++)
        {
            // J_S = −2^{−N} Σ_s E_eff(s) Π_{i∈S} s_i, summed here term by term.
            var expected = 0.0;
            for (var c = 0; c < states.Length; c++)
            {
                var product = 1.0;
                for (var i = 0; i < n; i++) if (((mask >> i) & 1) == 1) product *= states[c][i];
                expected -= energies[c] * product;
            }
            expected /= states.Length;
            Assert.True(Math.Abs(actual[mask] - expected) <= RelTol * Math.Max(1, Math.Abs(energies.Average())), $"J of mask {mask}: {actual[mask]:R}, projection {expected:R}");
        }
    }

    [Fact]
    public void SecondOrderCouplings_MatchExactPairsUpToTheFourthOrderTerm()
    {
        const int n = 8;
        using var generator = new Generator(13);
        using var machine = SmallWeightMachine(n, 6, SmallWeights, hiddenBias: 0.3, generator);
        using var exact = RbmRenormalization.ExactCouplings(machine);
        using var pairs = RbmRenormalization.PairCouplings(exact, n);
        var (constant, fields, couplings) = RbmRenormalization.SecondOrder(machine);
        using (constant) using (fields) using (couplings)
        {
            var j2 = couplings.ToArray<double>();
            var jExact = pairs.ToArray<double>();
            var j4 = FourthOrderPairCorrection(machine);
            var (largestJ4, largestResidual) = (0.0, 0.0);
            for (var i = 0; i < n; i++)
                for (var k = i + 1; k < n; k++)
                {
                    largestJ4 = Math.Max(largestJ4, Math.Abs(j4[i, k]));
                    largestResidual = Math.Max(largestResidual, Math.Abs(jExact[i * n + k] - j2[i * n + k] - j4[i, k]));
                }
            // The fourth-order term must matter (else the check says nothing) and account for what J2 misses.
            var largestJ2 = j2.Max(Math.Abs);
            Assert.True(largestJ4 > 1e3 * RelTol * largestJ2, $"the fourth-order term {largestJ4:E2} is lost in rounding");
            Assert.True(largestResidual <= NextOrderFraction * largestJ4, $"exact − J2 − J4 reaches {largestResidual:E2}; J4 reaches {largestJ4:E2}");
            // The fields' leading order h_i = a_i + Σ_j tanh(b_j) W_ij against the single-spin projections; what it
            // misses is of order W³, small against the W-dependent part of h.
            var h = fields.ToArray<double>();
            var a = machine.VisibleBiases.detach().ToArray<double>();
            var jSingle = exact.ToArray<double>();
            var largestShift = Enumerable.Range(0, n).Max(i => Math.Abs(h[i] - a[i]));
            for (var i = 0; i < n; i++)
                Assert.True(Math.Abs(jSingle[1 << i] - h[i]) <= NextOrderFraction * largestShift, $"h_{i}: exact {jSingle[1 << i]:R}, expansion {h[i]:R}");
        }
    }

    [Fact]
    public void SecondOrder_IsMinusTheGradientAndHessianOfTheEnergyAtZero()
    {
        const int n = 5;
        using var generator = new Generator(14);
        using var machine = RbmReference.RandomMachine(n, 4, RbmUnits.Spin, 0.9, generator);
        var (constant, fields, couplings) = RbmRenormalization.SecondOrder(machine);
        using (constant) using (fields) using (couplings)
        using (var zero = torch.zeros([1, n], ScalarType.Float64).requires_grad_())
        using (var energy = machine.FreeEnergy(zero).sum())
        using (var gradient = Guarded.grad(energy, zero, create_graph: true))
        {
            var g = gradient.detach().ToArray<double>();
            var h = fields.ToArray<double>();
            var j = couplings.ToArray<double>();
            for (var i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(-g[i] - h[i]) <= RelTol * Math.Max(1, Math.Abs(h[i])), $"h_{i}: −∂E/∂s {-g[i]:R}, expansion {h[i]:R}");
                using var component = gradient.select(1, i).sum();
                using var row = Guarded.grad(component, zero, retain_graph: true);
                var hessian = row.ToArray<double>();
                for (var k = 0; k < n; k++)
                {
                    if (k == i) continue;
                    var expected = -hessian[k];
                    Assert.True(Math.Abs(j[i * n + k] - expected) <= RelTol * Math.Max(1, Math.Abs(expected)), $"J_{i}{k}: −∂²E/∂s∂s {expected:R}, expansion {j[i * n + k]:R}");
                }
            }
        }
    }

    [Fact]
    public void LogCoshDerivatives_MatchRepeatedAutograd()
    {
        using var scope = torch.NewDisposeScope();   // six orders of small graphs, freed together
        var b = torch.tensor(new[] { -1.3, -0.2, 0.0, 0.7, 2.1 }).requires_grad_();
        var current = ((b.exp() + (-b).exp()) * 0.5).log();   // ln cosh b
        for (var order = 1; order <= 6; order++)
        {
            current = Guarded.grad(current.sum(), b, create_graph: true);
            var e = current.detach().ToArray<double>();
            var a = RbmRenormalization.LogCoshDerivative(b.detach(), order).ToArray<double>();
            for (var k = 0; k < e.Length; k++)
                Assert.True(Math.Abs(a[k] - e[k]) <= RelTol * Math.Max(1, Math.Abs(e[k])), $"f^({order})({k}): autograd {e[k]:R}, polynomial {a[k]:R}");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void LeadingCouplings_MatchExactMultiSpinTermsAtSmallWeights(int order)
    {
        const int n = 7;
        using var generator = new Generator(15);
        using var machine = SmallWeightMachine(n, 5, SmallWeights, hiddenBias: 0.3, generator);
        using var exact = RbmRenormalization.ExactCouplings(machine);
        var values = exact.ToArray<double>();
        var (largest, worst) = (0.0, 0.0);
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (int.PopCount(mask) != order) continue;
            var sites = Enumerable.Range(0, n).Where(i => ((mask >> i) & 1) == 1).ToArray();
            var leading = RbmRenormalization.LeadingCoupling(machine, sites);
            largest = Math.Max(largest, Math.Abs(leading));
            worst = Math.Max(worst, Math.Abs(values[mask] - leading));
        }
        Assert.True(largest > 1e3 * RelTol, $"the order-{order} terms ({largest:E2}) are lost in rounding");
        Assert.True(worst <= NextOrderFraction * largest, $"order {order}: exact − leading reaches {worst:E2}; the leading terms reach {largest:E2}");
    }

    [Theory]
    [InlineData(0.0, 2.0)]   // b = 0: f‴(0) = 0, so four-spin terms ∝ W⁴ lead and the ratio to the pairs grows as W²
    [InlineData(0.8, 1.0)]   // b ≠ 0: three-spin terms ∝ W³, ratio ∝ W
    public void MultiSpinPart_GrowsWithThePowerOfItsLeadingOrder(double hiddenBias, double expectedSlope)
    {
        const int n = 8;
        var ratios = new double[2];
        var scales = new[] { SmallWeights, 2 * SmallWeights };
        for (var k = 0; k < 2; k++)
        {
            using var generator = new Generator(16);   // the same W shape at both scales
            using var machine = SmallWeightMachine(n, 6, scales[k], hiddenBias, generator);
            using var exact = RbmRenormalization.ExactCouplings(machine);
            ratios[k] = RbmRenormalization.MultiSpinRatio(exact, n);
        }
        var slope = Math.Log(ratios[1] / ratios[0]) / Math.Log(2);
        Assert.True(Math.Abs(slope - expectedSlope) <= SlopeTol, $"multi-spin/pair ratio {ratios[0]:E3} → {ratios[1]:E3}: slope {slope:F3}, expected {expectedSlope}");
    }

    [Fact]
    public void SampledPairCouplings_AgreeWithTheExactTransform()
    {
        const int n = 8;
        using var generator = new Generator(17);
        using var machine = RbmReference.RandomMachine(n, 5, RbmUnits.Spin, 0.7, generator);
        using var exact = RbmRenormalization.ExactCouplings(machine);
        using var pairs = RbmRenormalization.PairCouplings(exact, n);
        var (sampled, errors) = RbmRenormalization.SampledPairCouplings(machine, 4000, generator);
        using (sampled) using (errors)
        {
            var (j, s, e) = (pairs.ToArray<double>(), sampled.ToArray<double>(), errors.ToArray<double>());
            var largest = j.Max(Math.Abs);
            for (var i = 0; i < n; i++)
                for (var k = i + 1; k < n; k++)
                {
                    var index = i * n + k;
                    Assert.True(e[index] > 0 && e[index] < NextOrderFraction * largest, $"J_{i}{k}: standard error {e[index]:E2} against couplings of {largest:E2}");
                    Assert.True(Math.Abs(s[index] - j[index]) <= SigmaTol * e[index], $"J_{i}{k}: sampled {s[index]:R} ± {e[index]:E2}, exact {j[index]:R}");
                }
        }
    }

    /// <summary>A float64 machine with W_ij ~ N(0, scale²), a ~ N(0, 0.3²) and every b_j = <paramref name="hiddenBias"/> ± 0.2.</summary>
    private static RestrictedBoltzmannMachine SmallWeightMachine(int visible, int hidden, double scale, double hiddenBias, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.randn([visible, hidden], ScalarType.Float64, generator: generator) * scale;
        var a = torch.randn([visible], ScalarType.Float64, generator: generator) * 0.3;
        var spread = hiddenBias == 0 ? 0.0 : 0.2;
        var b = torch.randn([hidden], ScalarType.Float64, generator: generator) * spread + hiddenBias;
        return new RestrictedBoltzmannMachine(w, a, b, RbmUnits.Spin);
    }

    /// <summary>
    /// The order-W⁴ part of the pair couplings, written out independently of the library: (f⁗(b)/24)·[coefficient of
    /// s_i s_k in (Σ_l W_l s_l)⁴] = (f⁗(b)/24)·W_i W_k (12 Σ_l W_l² − 8 W_i² − 8 W_k²), with f⁗ = sech² b (6 tanh² b − 2).
    /// </summary>
    private static double[,] FourthOrderPairCorrection(RestrictedBoltzmannMachine machine)
    {
        var (n, h) = (machine.VisibleCount, machine.HiddenCount);
        var w = machine.Weights.detach().ToArray<double>();
        var b = machine.HiddenBiases.detach().ToArray<double>();
        var result = new double[n, n];
        for (var j = 0; j < h; j++)
        {
            var t = Math.Tanh(b[j]);
            var fourth = (1 - t * t) * (6 * t * t - 2);
            var squares = Enumerable.Range(0, n).Sum(l => w[l * h + j] * w[l * h + j]);
            for (var i = 0; i < n; i++)
                for (var k = 0; k < n; k++)
                {
                    var (wi, wk) = (w[i * h + j], w[k * h + j]);
                    result[i, k] += fourth / 24 * wi * wk * (12 * squares - 8 * wi * wi - 8 * wk * wk);
                }
        }
        return result;
    }
}
