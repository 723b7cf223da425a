using System.Text;
using NeuroThermo.Data;
using NeuroThermo.IO;
using NeuroThermo.Models.Energies;
using NeuroThermo.Reports;
using NeuroThermo.Sampling;
using NeuroThermo.Sampling.Langevin;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using static System.FormattableString;

namespace NeuroThermo.Experiments;

/// <summary>The outcome of <c>langevin.sample</c>.</summary>
/// <param name="ChiSquare">The final states' histogram against the exact bin probabilities.</param>
/// <param name="AcceptanceRate">MALA's accepted fraction (NaN for unadjusted dynamics).</param>
/// <param name="SampleMean">The mean of the final states per coordinate.</param>
/// <param name="Counts">The final states per histogram cell (the outside cell last).</param>
/// <param name="Law">The exact cell probabilities and ln Z.</param>
public sealed record LangevinSampleResult(ChiSquareResult ChiSquare, double AcceptanceRate, double[] SampleMean, long[] Counts, BinnedBoltzmannLaw Law);

/// <summary>
/// <c>langevin.sample</c>: runs ULA or MALA chains on an analytic energy and checks the Fokker–Planck prediction that
/// they end in e^{−βE}/Z: the histogram of the final states against bin probabilities from quadrature, by χ².
/// </summary>
public static class LangevinSampleExperiment
{
    /// <summary>Files written: plots under plots/, the summary at the top.</summary>
    public const string CloudsPlot = "clouds.svg", DensityImage = "density.png", HistogramPlot = "histogram.svg", SummaryFile = "summary.md";

    /// <summary>Quadrature sub-points per bin and bins of margin around the histogram box.</summary>
    private const int PointsPerBin = 16, MarginBins = 12;

    public static Task<RunOutcome> RunAsync(LangevinSampleConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var plots = Path.Combine(context.Directory.Path, "plots");
        Directory.CreateDirectory(plots);
        using var energy = Energy(config.Energy);
        var grid = Grid(config.Energy);
        var snapshots = new List<(string, Tensor)>();
        var result = Compute(config, energy, grid, (ulong)context.Seed, cancellationToken, (step, state) =>
        {
            context.Metrics.Write(step, ("acceptance", state.AcceptanceRate));
            using var head = state.Positions.narrow(0, 0, Math.Min(config.PlottedPoints, state.Chains));
            snapshots.Add((Invariant($"step {step}"), head.clone().DetachFromDisposeScope()));
        });
        try
        {
            if (energy.Dimension == 2)
            {
                Toy2dReport.WriteClouds(snapshots, $"{config.Rule} Langevin on the {config.Energy} energy", Path.Combine(plots, CloudsPlot));
                Toy2dReport.WriteDensity(energy.call, config.InverseTemperature, 4, Path.Combine(plots, DensityImage));
            }
            else
            {
                WriteHistogram(config, grid, result, Path.Combine(plots, HistogramPlot));
            }
        }
        finally
        {
            foreach (var (_, points) in snapshots) points.Dispose();
        }
        var summary = Summary(config, result);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SummaryFile), summary);
        Console.Out.Write(summary);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Runs the chains; <paramref name="onSnapshot"/> sees the state at each snapshot step.</summary>
    public static LangevinSampleResult Compute(LangevinSampleConfig config, ContinuousEnergy energy, HistogramGrid grid, ulong seed,
        CancellationToken cancellationToken, Action<int, LangevinState>? onSnapshot = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sampler = new LangevinSampler(energy, config.StepSize, config.InverseTemperature, config.Rule);
        // Every chain starts at the same point away from the modes, so the histogram tests convergence, not only invariance.
        using var start = torch.full([config.Chains, energy.Dimension], 0.5, torch.float64);
        using var state = new LangevinState(start, seed);
        var done = 0;
        for (var snapshot = 1; snapshot <= config.Snapshots; snapshot++)
        {
            var target = (int)((long)config.Steps * snapshot / config.Snapshots);
            while (done < target)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = Math.Min(100, target - done);
                sampler.Run(state, chunk);
                done += chunk;
            }
            onSnapshot?.Invoke(done, state);
        }
        var law = BoltzmannQuadrature.Integrate(energy, config.InverseTemperature, grid, PointsPerBin, MarginBins);
        var counts = grid.Count(state.Positions);
        var test = GoodnessOfFit.ChiSquareTest(counts, law.Probabilities);
        using var mean = state.Positions.mean([0]);
        return new LangevinSampleResult(test, state.AcceptanceRate, mean.ToArray<double>(), counts, law);
    }

    /// <summary>The energy a config names.</summary>
    public static ContinuousEnergy Energy(LangevinTestEnergy kind) => kind switch
    {
        LangevinTestEnergy.DoubleWell => new DoubleWellEnergy(1, 1),
        LangevinTestEnergy.Banana => new BananaEnergy(1.5, 0.5),
        LangevinTestEnergy.Mixture => new GaussianMixtureEnergy(Toy2dGaussianMixture.OnCircle(4, 1.5, 0.5)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown test energy."),
    };

    /// <summary>Histogram bins covering nearly all the mass of each energy at β ≈ 1.</summary>
    public static HistogramGrid Grid(LangevinTestEnergy kind) => kind switch
    {
        LangevinTestEnergy.DoubleWell => new HistogramGrid([-2.0], [2.0], [40]),
        LangevinTestEnergy.Banana => new HistogramGrid([-4.5, -4.0], [4.5, 8.0], [12, 12]),
        LangevinTestEnergy.Mixture => new HistogramGrid([-3.0, -3.0], [3.0, 3.0], [12, 12]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown test energy."),
    };

    private static void WriteHistogram(LangevinSampleConfig config, HistogramGrid grid, LangevinSampleResult result, string path)
    {
        var (counts, law) = (result.Counts, result.Law);
        var total = (double)counts.Sum();
        var width = grid.Width(0);
        var centres = Enumerable.Range(0, grid.InsideCells).Select(i => grid.Lower[0] + (i + 0.5) * width).ToArray();
        new Plot { Title = $"{config.Rule} Langevin on the double well, β = {config.InverseTemperature}", XLabel = "x", YLabel = "density" }
            .AddLine(centres, centres.Select((_, i) => law.Probabilities[i] / width).ToArray(), "exact e^{−βE}/Z")
            .AddScatter(centres, centres.Select((_, i) => counts[i] / total / width).ToArray(), "chains")
            .WriteSvg(path);
    }

    private static string Summary(LangevinSampleConfig config, LangevinSampleResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"langevin.sample: {config.Rule} Langevin on the {config.Energy} energy, β = {config.InverseTemperature}, ε = {config.StepSize}, {config.Chains} chains × {config.Steps} steps."));
        text.AppendLine(Invariant($"Final states against e^(−βE)/Z by quadrature: χ² = {result.ChiSquare.Statistic:F1} on {result.ChiSquare.DegreesOfFreedom} degrees of freedom, p = {result.ChiSquare.PValue:G3}."));
        text.AppendLine(Invariant($"Acceptance rate {result.AcceptanceRate:F3}; sample mean ({string.Join(", ", result.SampleMean.Select(m => m.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))})."));
        return text.ToString();
    }
}
