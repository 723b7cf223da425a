using System.Globalization;
using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Models;

namespace NeuroThermo.Experiments;

/// <summary>Hyper-parameters of <c>perceptron.gates</c>: how far the two exhaustive searches reach.</summary>
public sealed record PerceptronGatesConfig
{
    /// <summary>Integer weights are searched in [−bound, bound] with half-integer thresholds; 1 already separates every
    /// separable two-input function, 2 shows that a wider search finds nothing new.</summary>
    [ConfigRange(0, 6)]
    public int WeightBound { get; init; } = 2;

    /// <summary>Gordan multipliers are searched in [0, bound]; XOR and XNOR need only λ = (1, 1, 1, 1).</summary>
    [ConfigRange(1, 6)]
    public int MultiplierBound { get; init; } = 2;
}

/// <summary>
/// <c>perceptron.gates</c>: the truth tables of AND, OR and NOT with the textbook weights (eq. 4.1), the verdict of the
/// exhaustive search on all 16 two-input Boolean functions (a separator, or a Gordan certificate that none exists),
/// and the two-layer XOR. Writes gates.md and prints it.
/// </summary>
public static class PerceptronGatesExperiment
{
    /// <summary>The report written into the run directory.</summary>
    public const string TableFile = "gates.md";

    /// <summary>Runs the searches; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(PerceptronGatesConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder();
        text.AppendLine("| x₁ | x₂ | AND (w = (1, 1), θ = 1.5) | OR (w = (1, 1), θ = 0.5) | XOR, two layers: AND(OR, NAND) |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var input in LinearSeparability.Inputs(2))
            text.AppendLine(Invariant($"| {input[0]} | {input[1]} | {Perceptron.And.Output(input)} | {Perceptron.Or.Output(input)} | {Perceptron.Xor((int)input[0], (int)input[1])} |"));
        text.AppendLine();
        text.AppendLine(Invariant($"NOT (w = −1, θ = −0.5): NOT 0 = {Perceptron.Not.Output([0.0])}, NOT 1 = {Perceptron.Not.Output([1.0])}."));
        text.AppendLine();
        text.AppendLine("| f(00) f(01) f(10) f(11) | single unit | w | θ | Gordan certificate λ |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        var inseparable = 0;
        for (var code = 0; code < 16; code++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] targets = [.. Enumerable.Range(0, 4).Select(k => (code >> (3 - k)) & 1)];
            var verdict = LinearSeparability.Decide(targets, config.WeightBound, config.MultiplierBound);
            var answer = verdict switch
            {
                { Separator: { } unit } => Invariant($"yes | ({string.Join(", ", unit.Weights)}) | {unit.Threshold} | —"),
                { Certificate: { } lambda } => $"no (proved) | — | — | ({string.Join(", ", lambda)})",
                _ => "undecided (widen the searches) | — | — | —",
            };
            if (verdict.ProvedInseparable) inseparable++;
            text.AppendLine($"| {string.Join(" ", targets)} | {answer} |");
        }
        text.AppendLine();
        text.AppendLine(Invariant($"{16 - inseparable} of the 16 two-input functions are computed by one threshold unit; {inseparable} are proved impossible."));
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, TableFile), text.ToString());
        Console.Out.Write(text.ToString());
        return Task.FromResult(RunOutcome.Completed);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
