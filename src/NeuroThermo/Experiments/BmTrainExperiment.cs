using System.Globalization;
using System.Text;
using NeuroThermo.Data;
using NeuroThermo.IO;
using NeuroThermo.Models.Boltzmann;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>The outcome of <c>bm.train</c>.</summary>
/// <param name="Steps">The steps at which the exact KL was evaluated.</param>
/// <param name="KullbackLeibler">KL(p_data ‖ p) in nats at those steps.</param>
/// <param name="Mismatch">The largest moment mismatch |⟨·⟩_data − ⟨·⟩_model| at those steps (for the exact model term; sampled otherwise).</param>
/// <param name="PatternMass">The model's total probability on the data patterns at the end.</param>
/// <param name="DataEntropy">The entropy of the data distribution, ln(patterns): the KL of the uniform starting machine is N ln 2 minus this.</param>
/// <param name="Patterns">The number of distinct patterns.</param>
public sealed record BmTrainResult(int[] Steps, double[] KullbackLeibler, double[] Mismatch, double PatternMass, double DataEntropy, long Patterns)
{
    /// <summary>The KL at the last evaluation.</summary>
    public double FinalKullbackLeibler => KullbackLeibler[^1];
}

/// <summary>
/// <c>bm.train</c>: trains a fully visible Boltzmann machine on the L × L bars-and-stripes patterns by the Boltzmann
/// learning rule, the model term exact or from persistent chains, and logs the exact KL divergence (eq. 4.26).
/// </summary>
public static class BmTrainExperiment
{
    /// <summary>Files written into the run directory (plots under plots/).</summary>
    public const string KlPlot = "kl-divergence.svg", SummaryFile = "summary.md";

    /// <summary>Trains, logs the metrics, writes the plot and the summary, and prints the summary.</summary>
    public static Task<RunOutcome> RunAsync(BmTrainConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var result = Compute(config, (ulong)context.Seed, cancellationToken,
            (step, kl, mismatch) => context.Metrics.Write(step, ("kl", kl), ("moment_mismatch", mismatch)));
        var plots = Path.Combine(context.Directory.Path, "plots");
        Directory.CreateDirectory(plots);
        new Plot { Title = $"Fully visible BM on {config.Side}×{config.Side} bars and stripes", XLabel = "learning step", YLabel = "KL(p_data ‖ p) / nats", YScale = AxisScale.Log10 }
            .AddLine(result.Steps.Select(s => (double)s).ToArray(), result.KullbackLeibler, $"{config.ModelTerm.ToString().ToLowerInvariant()} model term")
            .WriteSvg(Path.Combine(plots, KlPlot));
        var summary = Summary(config, result);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), summary);
        Console.Out.Write(summary);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>
    /// Trains and evaluates; <paramref name="onEvaluation"/> receives (step, KL, mismatch) at every evaluation.
    /// </summary>
    public static BmTrainResult Compute(BmTrainConfig config, ulong seed, CancellationToken cancellationToken,
        Action<int, double, double>? onEvaluation = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var patterns = BarsAndStripes.Patterns(config.Side);
        using var data = new DataDistribution(patterns);
        using var machine = new BoltzmannMachine(data.UnitCount, config.InverseTemperature);
        using IBoltzmannLearner learner = config.ModelTerm == BoltzmannModelTerm.Exact
            ? new ExactBoltzmannLearner(machine)
            : new PersistentChainLearner(machine, config.Chains, config.SweepsPerStep, seed);
        using var allStates = machine.AllStates();

        var steps = new List<int>();
        var divergences = new List<double>();
        var mismatches = new List<double>();
        for (var step = 1; step <= config.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mismatch = learner.Step(data.Moments, config.LearningRate);
            if (step % config.EvaluateEvery != 0 && step != config.Steps && step != 1) continue;
            var kl = KullbackLeibler(machine, data, allStates);
            steps.Add(step);
            divergences.Add(kl);
            mismatches.Add(mismatch);
            onEvaluation?.Invoke(step, kl, mismatch);
        }
        return new BmTrainResult([.. steps], [.. divergences], [.. mismatches], PatternMass(machine, data, allStates),
            data.Entropy(), data.DistinctPatterns);
    }

    private static double KullbackLeibler(BoltzmannMachine machine, DataDistribution data, Tensor allStates)
    {
        using var noGrad = torch.no_grad();
        using var kl = machine.KullbackLeibler(data, allStates);
        return kl.ItemAs<double>();
    }

    private static double PatternMass(BoltzmannMachine machine, DataDistribution data, Tensor allStates)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var p = machine.LogProbabilities(allStates).exp();
        return p.masked_select(data.Probabilities.gt(0)).sum().ItemAs<double>();
    }

    private static string Summary(BmTrainConfig config, BmTrainResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"bm.train: {config.Side}×{config.Side} bars and stripes, {result.Patterns} patterns, {config.Side * config.Side} units, {config.ModelTerm.ToString().ToLowerInvariant()} model term, {config.Steps} steps at η = {config.LearningRate}."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"KL(p_data ‖ p): {result.KullbackLeibler[0]:F4} nats after step 1, {result.FinalKullbackLeibler:F4} nats after step {result.Steps[^1]} (data entropy ln {result.Patterns} = {result.DataEntropy:F4})."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Probability the machine puts on the {result.Patterns} patterns: {result.PatternMass:F4}; last moment mismatch {result.Mismatch[^1]:0.0E+0}."));
        return text.ToString();
    }
}
