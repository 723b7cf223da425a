namespace NeuroThermo.Models;

/// <summary>
/// What a search found for one Boolean function: a single threshold unit computing it, or a Gordan certificate that
/// none exists, or (when both searches were too small) neither.
/// </summary>
/// <param name="Targets">f(x) for the inputs in <see cref="LinearSeparability.Inputs"/> order.</param>
/// <param name="Separator">A perceptron with y(x) = f(x) on every input, if one was found.</param>
/// <param name="Certificate">Non-negative multipliers λ, not all zero, with Σ_k λ_k σ_k (x_k, −1) = 0, if found.</param>
public sealed record SeparabilityVerdict(int[] Targets, Perceptron? Separator, int[]? Certificate)
{
    /// <summary>True when a certificate proves that no single unit computes the function.</summary>
    public bool ProvedInseparable => Certificate is not null;
}

/// <summary>
/// Decides, by exhaustive search, whether a Boolean function of n inputs is computed by one threshold unit (eq. 4.1).
/// </summary>
/// <remarks>
/// A unit computes f when σ_k (w·x_k − θ) &gt; 0 for every input x_k, with σ_k = +1 where f = 1 and −1 where f = 0
/// (the ≥ of the step can be made strict by lowering θ by half the smallest negative margin, so nothing is lost).
/// Writing a_k = σ_k (x_k, −1) and v = (w, θ), that is a_k·v &gt; 0 for all k. Gordan's theorem of the alternative says
/// that exactly one of two things holds: such a v exists, or there are λ_k ≥ 0, not all zero, with Σ_k λ_k a_k = 0.
/// So finding λ is a proof that no weights and threshold at all — not just none on a grid — compute f. For XOR,
/// λ = (1, 1, 1, 1) works: the two "on" inputs sum to (1, 1, −2), the two "off" inputs to the same vector, and their
/// difference is zero. Either search is a finite loop over small integers, which suffices for two inputs; the
/// verdict says "undecided" rather than guessing when it does not.
/// </remarks>
public static class LinearSeparability
{
    /// <summary>All 2ⁿ inputs in binary counting order, first input most significant: (0,0), (0,1), (1,0), (1,1) for n = 2.</summary>
    public static double[][] Inputs(int inputCount)
    {
        if (inputCount is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(inputCount), inputCount, "Use between 1 and 8 inputs.");
        return Enumerable.Range(0, 1 << inputCount)
            .Select(k => Enumerable.Range(0, inputCount).Select(i => (double)((k >> (inputCount - 1 - i)) & 1)).ToArray())
            .ToArray();
    }

    /// <summary>
    /// Searches integer weights in [−<paramref name="weightBound"/>, <paramref name="weightBound"/>] with half-integer
    /// thresholds for a separator, and integer multipliers in [0, <paramref name="multiplierBound"/>] for a certificate.
    /// </summary>
    public static SeparabilityVerdict Decide(IReadOnlyList<int> targets, int weightBound = 2, int multiplierBound = 2)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var inputCount = (int)Math.Round(Math.Log2(targets.Count));
        if (targets.Count < 2 || 1 << inputCount != targets.Count)
            throw new ArgumentException($"A truth table needs 2ⁿ entries; got {targets.Count}.", nameof(targets));
        if (targets.Any(t => t is not (0 or 1))) throw new ArgumentException("Truth-table entries must be 0 or 1.", nameof(targets));
        ArgumentOutOfRangeException.ThrowIfNegative(weightBound);
        ArgumentOutOfRangeException.ThrowIfLessThan(multiplierBound, 1);

        var inputs = Inputs(inputCount);
        int[] table = [.. targets];
        return new SeparabilityVerdict(table, FindSeparator(inputs, table, weightBound), FindCertificate(inputs, table, multiplierBound));
    }

    /// <summary>True when <paramref name="certificate"/> is a valid Gordan certificate for the truth table: all λ ≥ 0,
    /// not all zero, and Σ_k λ_k σ_k (x_k, −1) = 0 exactly (integers, so no tolerance).</summary>
    public static bool IsCertificate(IReadOnlyList<int> targets, IReadOnlyList<int> certificate)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Count != targets.Count || certificate.Any(l => l < 0) || certificate.All(l => l == 0)) return false;
        var inputs = Inputs((int)Math.Round(Math.Log2(targets.Count)));
        var n = inputs[0].Length;
        var sum = new double[n + 1];
        for (var k = 0; k < inputs.Length; k++)
        {
            var sign = targets[k] == 1 ? 1 : -1;
            for (var i = 0; i < n; i++) sum[i] += certificate[k] * sign * inputs[k][i];
            sum[n] -= certificate[k] * sign;
        }
        return sum.All(s => s == 0);
    }

    private static Perceptron? FindSeparator(double[][] inputs, int[] targets, int weightBound)
    {
        var n = inputs[0].Length;
        var span = 2 * weightBound + 1;
        var total = (long)Math.Pow(span, n);
        for (long code = 0; code < total; code++)
        {
            var weights = new double[n];
            var rest = code;
            for (var i = 0; i < n; i++, rest /= span) weights[i] = rest % span - weightBound;
            // Weighted sums of 0/1 inputs are integers, so half-integer thresholds cover every distinct cut.
            var reach = n * weightBound;
            for (var twiceTheta = -2 * reach - 1; twiceTheta <= 2 * reach + 1; twiceTheta += 2)
            {
                var unit = new Perceptron(weights, twiceTheta / 2.0);
                if (inputs.Select(unit.Output).SequenceEqual(targets)) return unit;
            }
        }
        return null;
    }

    private static int[]? FindCertificate(double[][] inputs, int[] targets, int multiplierBound)
    {
        var span = multiplierBound + 1;
        var total = (long)Math.Pow(span, inputs.Length);
        for (long code = 1; code < total; code++)
        {
            var lambda = new int[inputs.Length];
            var rest = code;
            for (var k = 0; k < inputs.Length; k++, rest /= span) lambda[k] = (int)(rest % span);
            if (IsCertificate(targets, lambda)) return lambda;
        }
        return null;
    }
}
