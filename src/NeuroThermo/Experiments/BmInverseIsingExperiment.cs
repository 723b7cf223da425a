using System.Globalization;
using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Models.Boltzmann;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>One sample size of <c>bm.inverse-ising</c>, averaged over the repetitions.</summary>
/// <param name="Samples">M.</param>
/// <param name="LearnedCouplingError">RMS error of J from moment matching, over pairs i &lt; j.</param>
/// <param name="MeanFieldCouplingError">RMS error of J from naive mean-field inversion.</param>
/// <param name="LearnedFieldError">RMS error of h from moment matching.</param>
/// <param name="LearningSteps">Mean steps moment matching took.</param>
/// <param name="WorstMismatch">The largest final moment mismatch over the repetitions.</param>
public sealed record InverseIsingPoint(long Samples, double LearnedCouplingError, double MeanFieldCouplingError,
    double LearnedFieldError, double LearningSteps, double WorstMismatch);

/// <summary>
/// <c>bm.inverse-ising</c>: samples a known SK or 2D Ising model exactly at β, recovers J and h by Boltzmann learning
/// run to moment matching (the maximum-likelihood estimate) and J by naive mean-field inversion, and plots the
/// coupling error against the number of samples M (log-log, with the 1/√M of a regular estimator for reference).
/// </summary>
public static class BmInverseIsingExperiment
{
    /// <summary>Files written into the run directory (plots under plots/).</summary>
    public const string ErrorPlot = "coupling-error.svg", SummaryFile = "summary.md";

    /// <summary>Runs the sweep, logs one metrics record per M, writes the plot and the table, and prints the table.</summary>
    public static Task<RunOutcome> RunAsync(BmInverseIsingConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var points = Compute(config, (ulong)context.Seed, cancellationToken);
        foreach (var p in points)
        {
            context.Metrics.Write(p.Samples, ("coupling_error", p.LearnedCouplingError), ("mean_field_coupling_error", p.MeanFieldCouplingError),
                ("field_error", p.LearnedFieldError), ("learning_steps", p.LearningSteps));
        }
        var plots = Path.Combine(context.Directory.Path, "plots");
        Directory.CreateDirectory(plots);
        var m = points.Select(p => (double)p.Samples).ToArray();
        var learned = points.Select(p => p.LearnedCouplingError).ToArray();
        var reference = m.Select(x => learned[0] * Math.Sqrt(m[0] / x)).ToArray();
        new Plot
        {
            Title = $"Inverse Ising: {Describe(config)}", XLabel = "samples M", YLabel = "RMS error of J_ij",
            XScale = AxisScale.Log10, YScale = AxisScale.Log10,
        }
            .Add(m, learned, "Boltzmann learning (moment matching)", SeriesStyle.LineAndMarkers)
            .Add(m, points.Select(p => p.MeanFieldCouplingError).ToArray(), "naive mean-field J = −C⁻¹/β", SeriesStyle.LineAndMarkers)
            .AddLine(m, reference, "∝ 1/√M")
            .WriteSvg(Path.Combine(plots, ErrorPlot));
        var table = Table(config, points);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), table);
        Console.Out.Write(table);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>The sweep over M; the true model and every data set come from <paramref name="seed"/>.</summary>
    public static IReadOnlyList<InverseIsingPoint> Compute(BmInverseIsingConfig config, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.SampleCounts.Length == 0)
            throw new ArgumentException("bm.inverse-ising's sampleCounts must list at least one sample size M.", nameof(config));
        using var generator = new Generator(seed);
        using var truth = TrueMachine(config, generator);
        var points = new List<InverseIsingPoint>();
        foreach (var count in config.SampleCounts)
        {
            double coupling = 0, meanField = 0, field = 0, steps = 0, worst = 0;
            for (var r = 0; r < config.Repetitions; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var samples = InverseIsing.ExactSamples(truth, count, generator);
                using var data = SpinMoments.FromSamples(samples);
                var (fit, taken, mismatch) = InverseIsing.MomentMatching(data, config.InverseTemperature, config.LearningRate, config.MaxSteps, config.Tolerance);
                using (fit)
                using (var meanFieldCouplings = InverseIsing.MeanFieldCouplings(data, config.InverseTemperature))
                {
                    coupling += InverseIsing.CouplingError(fit.Weights, truth.Weights);
                    meanField += InverseIsing.CouplingError(meanFieldCouplings, truth.Weights);
                    field += FieldError(fit.Biases, truth.Biases);
                }
                steps += taken;
                worst = Math.Max(worst, mismatch);
            }
            var n = config.Repetitions;
            points.Add(new InverseIsingPoint(count, coupling / n, meanField / n, field / n, steps / n, worst));
        }
        return points;
    }

    /// <summary>The known model as a machine at the config's β.</summary>
    internal static BoltzmannMachine TrueMachine(BmInverseIsingConfig config, Generator generator)
    {
        if (config.Model == InverseIsingModel.Ising2d && config.Size * config.Size > 16)
            throw new ArgumentException($"bm.inverse-ising's size must be at most 4 for the 2D Ising model (at most 16 spins); got {config.Size}.", nameof(config));
        using SpinEnergy energy = config.Model == InverseIsingModel.SherringtonKirkpatrick
            ? SherringtonKirkpatrick.Sample(config.Size, generator, field: config.Field)
            : new IsingModel(Lattice.Square(config.Size, config.Size, Boundary.Periodic), 1, config.Field);
        using var couplings = energy.CouplingMatrix();
        using var fields = energy.FieldVector();
        return new BoltzmannMachine(couplings, fields, config.InverseTemperature);
    }

    private static double FieldError(Tensor estimate, Tensor truth)
    {
        using var scope = torch.NewDisposeScope();
        return Math.Sqrt((estimate - truth).square().mean().ItemAs<double>());
    }

    private static string Describe(BmInverseIsingConfig config) => config.Model == InverseIsingModel.SherringtonKirkpatrick
        ? string.Create(CultureInfo.InvariantCulture, $"SK, N = {config.Size}, β = {config.InverseTemperature}, h = {config.Field}")
        : string.Create(CultureInfo.InvariantCulture, $"2D Ising {config.Size}×{config.Size}, β = {config.InverseTemperature}, h = {config.Field}");

    private static string Table(BmInverseIsingConfig config, IReadOnlyList<InverseIsingPoint> points)
    {
        var text = new StringBuilder();
        text.AppendLine($"bm.inverse-ising: {Describe(config)}, {config.Repetitions} data sets per M.");
        text.AppendLine();
        text.AppendLine("| M | RMS error J (moment matching) | RMS error J (mean field) | RMS error h (moment matching) | steps | worst mismatch |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var p in points)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Samples} | {p.LearnedCouplingError:0.0000} | {p.MeanFieldCouplingError:0.0000} | {p.LearnedFieldError:0.0000} | {p.LearningSteps:0} | {p.WorstMismatch:0.0E+0} |"));
        }
        if (points.Count >= 2)
        {
            var slope = Math.Log(points[^1].LearnedCouplingError / points[0].LearnedCouplingError) / Math.Log((double)points[^1].Samples / points[0].Samples);
            text.AppendLine();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Log-log slope of the moment-matching error from M = {points[0].Samples} to {points[^1].Samples}: {slope:F2} (1/√M is −0.5)."));
        }
        return text.ToString();
    }
}
