using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Rbm;

/// <summary>
/// An AIS estimate of ln Z (Salakhutdinov &amp; Murray 2008): ln Ẑ = ln Z_A + ln( (1/M) Σ_m w_m ) from M independent
/// annealing runs with log importance weights ln w_m.
/// </summary>
/// <param name="LogZ">ln Ẑ.</param>
/// <param name="LowerLogZ">ln(Ẑ − 3σ̂), σ̂ the standard error of the mean weight (−∞ when Ẑ − 3σ̂ ≤ 0): Salakhutdinov and Murray's ±3σ bracket.</param>
/// <param name="UpperLogZ">ln(Ẑ + 3σ̂).</param>
/// <param name="BaseLogZ">ln Z_A of the base-rate model.</param>
/// <param name="StandardError">The standard error of ln Ẑ to first order, σ̂/Ẑ.</param>
/// <param name="LogWeights">ln w_m of every run.</param>
/// <param name="Steps">Intermediate distributions (β values after 0).</param>
public sealed record AisEstimate(double LogZ, double LowerLogZ, double UpperLogZ, double BaseLogZ, double StandardError, double[] LogWeights, int Steps)
{
    /// <summary>M, the number of runs.</summary>
    public int Runs => LogWeights.Length;
}

/// <summary>
/// Annealed importance sampling of an RBM's ln Z from a base-rate model (Salakhutdinov &amp; Murray 2008, §3–4).
/// </summary>
/// <remarks>
/// The base model A has independent visible units with biases a_A (the data's base rates, <see cref="RbmBaseRates"/>)
/// and no couplings, so Z_A = 2^H Π_i Σ_{v_i} e^{a_A,i v_i} is exact. The intermediate distributions are
/// p*_β(v) = e^{(1−β) a_Aᵀv + β a_Bᵀv} Π_j Σ_{h_j} e^{β h_j (b + Wᵀv)_j}, from β = 0 (model A) to β = 1 (the machine
/// B, with its hidden units summed out). Each run starts at an exact draw from A; at step k it adds
/// ln p*_{β_k}(v) − ln p*_{β_{k−1}}(v) to its log weight and then moves v by one block-Gibbs sweep that leaves
/// p*_{β_k} invariant (h from the fields β(b + Wᵀv), v from (1 − β) a_A + β(a_B + Wh)). The mean weight is an
/// unbiased estimate of Z_B/Z_A; its logarithm tends to underestimate ln Z_B when the runs are too few or too short.
/// </remarks>
public static class AnnealedImportanceSampling
{
    /// <summary>The β values of Salakhutdinov and Murray's schedule: 14,500.</summary>
    public const int StandardSteps = 14_500;

    /// <summary>
    /// Salakhutdinov and Murray's schedule: β from 0 to 0.5 in steps of 10⁻³, to 0.9 in steps of 10⁻⁴ and to 1 in steps of
    /// 10⁻⁵ — 14,500 intermediate distributions, dense where the weights sharpen.
    /// </summary>
    public static double[] StandardSchedule() => ProportionalSchedule(StandardSteps);

    /// <summary>
    /// The standard schedule's shape with <paramref name="steps"/> β values in all: the three segments get 1/29, 8/29
    /// and 20/29 of them, as 500, 4,000 and 10,000 do of 14,500.
    /// </summary>
    public static double[] ProportionalSchedule(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 29);
        var first = (int)Math.Round(steps / 29.0);
        var second = (int)Math.Round(steps * 8 / 29.0);
        return Schedule((0.5, first), (0.9, second), (1.0, steps - first - second));
    }

    /// <summary>
    /// A piecewise-linear schedule: from β = 0, each (end, steps) segment reaches its end in equal steps. Returns the β
    /// values after 0, ending at exactly 1.
    /// </summary>
    public static double[] Schedule(params (double End, int Steps)[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var betas = new List<double>();
        var start = 0.0;
        foreach (var (end, steps) in segments)
        {
            if (!(end > start && end <= 1) || steps < 1)
                throw new ArgumentOutOfRangeException(nameof(segments), "Each segment must end above the last one's end, at most 1, with at least one step.");
            for (var s = 1; s <= steps; s++) betas.Add(start + (end - start) * s / steps);
            start = end;
        }
        if (start != 1) throw new ArgumentOutOfRangeException(nameof(segments), "The last segment must end at β = 1.");
        return [.. betas];
    }

    /// <summary>
    /// ln Z of <paramref name="machine"/> by <paramref name="runs"/> parallel AIS runs over <paramref name="betas"/>
    /// (increasing, ending at 1) from the base-rate model with visible biases <paramref name="baseVisibleBiases"/> (V).
    /// Samples in the machine's dtype; the log weights are accumulated in float64.
    /// </summary>
    public static AisEstimate Estimate(RestrictedBoltzmannMachine machine, Tensor baseVisibleBiases, IReadOnlyList<double> betas,
        int runs, Generator generator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(baseVisibleBiases);
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 2);
        CheckSchedule(betas);
        if (baseVisibleBiases.dim() != 1 || baseVisibleBiases.size(0) != machine.VisibleCount)
            throw new ArgumentException($"The base model needs {machine.VisibleCount} visible biases.", nameof(baseVisibleBiases));

        var units = machine.Units;
        using var noGrad = torch.no_grad();
        using var baseBiases = baseVisibleBiases.to(machine.DType);                     // a_A, (V)
        using var w = machine.Weights.detach();                                          // (V, H)
        using var wT = w.t();                                                            // (H, V)
        using var a = machine.VisibleBiases.detach();
        using var b = machine.HiddenBiases.detach();
        using var biasShift = a - baseBiases;                                            // a_B − a_A, (V)
        using var logWeights = torch.zeros([runs], ScalarType.Float64);
        double baseLogZ;
        using (var logSums = units.LogStateSum(baseBiases))
        using (var total = logSums.sum())
            baseLogZ = machine.HiddenCount * Math.Log(2) + total.to(ScalarType.Float64).ItemAs<double>();

        // v_1 ~ p_A: independent units with fields a_A.
        Tensor visible;
        using (var baseField = torch.zeros([runs, machine.VisibleCount], machine.DType).add_(baseBiases))
            visible = units.Sample(baseField, generator);                                // (M, V)
        var previous = 0.0;
        try
        {
            for (var k = 0; k < betas.Count; k++)
            {
                if (k % 256 == 0) cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var beta = betas[k];
                var field = b.addmm(visible, w);                                                  // x = b + Wᵀv, (M, H)
                // The two log-sums differ by O(Δβ) = 10⁻⁵ at the end of the schedule, so they are taken in float64:
                // float32 rounding of each (10⁻⁶ relative) summed over H units and 10⁴ steps would swamp ln Z.
                var field64 = field.to(ScalarType.Float64);
                var increment = Guarded.matmul(visible, biasShift).to(ScalarType.Float64) * (beta - previous)   // (M)
                                + (units.LogStateSum(field64 * beta) - units.LogStateSum(field64 * previous)).sum(1);
                logWeights.add_(increment);
                previous = beta;
                if (k == betas.Count - 1) break;
                var hidden = units.Sample(field.mul_(beta), generator);                           // h ~ p(h | v; β), (M, H)
                var visibleField = a.addmm(hidden, wT).mul_(beta).add_(baseBiases, 1 - beta);     // (1−β)a_A + β(a_B + Wh), (M, V)
                var next = units.Sample(visibleField, generator);
                visible.Dispose();
                visible = next.DetachFromDisposeScope();
            }
        }
        finally
        {
            visible.Dispose();
        }
        return FromLogWeights(baseLogZ, logWeights.ToArray<double>(), betas.Count);
    }

    /// <summary>Combines log weights into ln Ẑ and its ±3σ bracket, in log space so that no weight overflows.</summary>
    public static AisEstimate FromLogWeights(double baseLogZ, double[] logWeights, int steps)
    {
        ArgumentNullException.ThrowIfNull(logWeights);
        if (logWeights.Length < 2 || logWeights.Any(x => !double.IsFinite(x)))
            throw new ArgumentException("AIS needs at least two finite log weights.", nameof(logWeights));
        var max = logWeights.Max();
        var w = logWeights.Select(x => Math.Exp(x - max)).ToArray();
        var mean = w.Average();
        var sd = Math.Sqrt(w.Sum(x => (x - mean) * (x - mean)) / (w.Length - 1)) / Math.Sqrt(w.Length);
        var offset = baseLogZ + max;
        return new AisEstimate(offset + Math.Log(mean),
            mean > 3 * sd ? offset + Math.Log(mean - 3 * sd) : double.NegativeInfinity,
            offset + Math.Log(mean + 3 * sd), baseLogZ, sd / mean, logWeights, steps);
    }

    private static void CheckSchedule(IReadOnlyList<double> betas)
    {
        if (betas.Count < 1 || betas[^1] != 1)
            throw new ArgumentException("An AIS schedule must end at β = 1.", nameof(betas));
        var previous = 0.0;
        foreach (var beta in betas)
        {
            if (!(beta > previous && beta <= 1))
                throw new ArgumentException("AIS's β values must increase strictly from above 0 to 1.", nameof(betas));
            previous = beta;
        }
    }
}
