using System.Globalization;
using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Renormalization;
using NeuroThermo.Reports;

namespace NeuroThermo.Experiments;

/// <summary>Everything <c>rg.truncated2d</c> computes, before it is drawn and written.</summary>
/// <param name="FixedPoint">The truncated flow linearised at its non-trivial fixed point (autograd Jacobian).</param>
/// <param name="HandWrittenJacobian">Eq. 3.28 at the same point.</param>
/// <param name="Estimates">K_c, T_c and ν by each method, the exact Onsager row last.</param>
/// <param name="ExactStep">The exact one-step couplings (eq. 3.19) from K = K* of the truncated flow, L = 0.</param>
/// <param name="Separatrix">(K, L) points of the non-linear flow's critical line.</param>
public sealed record RgTruncated2dResult(
    LinearizedFixedPoint FixedPoint, double[,] HandWrittenJacobian, IReadOnlyList<CriticalEstimate> Estimates,
    DecimatedCouplings ExactStep, IReadOnlyList<(double K, double L)> Separatrix);

/// <summary>
/// <c>rg.truncated2d</c>: the truncated flow K' = 2K² + L, L' = K² — its fixed point (1/3, 1/9) by Newton with the
/// autograd Jacobian, eigenvalues and ν, K_c from the linear critical line and from the separatrix of the non-linear
/// flow — and the Migdal–Kadanoff recursion, tabulated against Onsager, with a flow diagram.
/// </summary>
public static class RgTruncated2dExperiment
{
    /// <summary>Files written into the run directory (the plot under plots/).</summary>
    public const string FlowDiagram = "flow-diagram.svg", TableFile = "estimates.md", ResultsFile = "results.json";

    // Brackets for the separatrix bisection on L = 0: (0, 0) is the disordered fixed point itself and from (1, 0)
    // the couplings double within two steps.
    private const double DisorderedK = 0, OrderedK = 1;

    /// <summary>Computes, writes plots/flow-diagram.svg, estimates.md and results.json, and prints the table.</summary>
    public static Task<RunOutcome> RunAsync(RgTruncated2dConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = Compute(config, cancellationToken);
        var directory = context.Directory.Path;
        var plots = Path.Combine(directory, "plots");
        Directory.CreateDirectory(plots);
        RgTruncated2dPlot.Build(config, result).WriteSvg(Path.Combine(plots, FlowDiagram));
        var table = Table(result);
        AtomicFile.WriteAllText(Path.Combine(directory, TableFile), table);
        AtomicFile.WriteAllText(Path.Combine(directory, ResultsFile), RgTruncated2dJson.Write(result));
        Console.Out.Write(table);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>The fixed point, exponents, estimates and separatrix for <paramref name="config"/>.</summary>
    public static RgTruncated2dResult Compute(RgTruncated2dConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        Check(config.KMin < config.KMax, $"kMin ({config.KMin}) must be below kMax ({config.KMax})");
        Check(config.LMin < config.LMax, $"lMin ({config.LMin}) must be below lMax ({config.LMax})");
        Check(config.FixedPointStart.Length == 2, $"fixedPointStart must hold two numbers (K, L), not {config.FixedPointStart.Length}");

        var map = TruncatedSquareLatticeFlow.Map;
        var linearized = LinearizedFixedPoint.Find(map, config.FixedPointStart);
        var fixedPoint = linearized.FixedPoint;
        var nu = linearized.CorrelationLengthExponent;
        var separatrixK = TruncatedSquareLatticeFlow.SeparatrixCoupling(map, fixedPoint, 0, DisorderedK, OrderedK);
        cancellationToken.ThrowIfCancellationRequested();

        var moveThenDecimate = LinearizedFixedPoint.Find(MigdalKadanoff.MoveThenDecimate, [config.MigdalKadanoffStart]);
        var decimateThenMove = LinearizedFixedPoint.Find(MigdalKadanoff.DecimateThenMove, [2 * config.MigdalKadanoffStart]);
        var estimates = new List<CriticalEstimate>
        {
            new("truncated flow, K* of the fixed point (L ignored)", fixedPoint[0], nu),
            new("truncated flow, linear critical line at L = 0", TruncatedSquareLatticeFlow.LinearCriticalCoupling(linearized), nu),
            new("truncated flow, separatrix of the non-linear flow at L = 0", separatrixK, nu),
            new("Migdal–Kadanoff b = 2, K' = ½ ln cosh 4K (move, then decimate)", moveThenDecimate.FixedPoint[0], moveThenDecimate.CorrelationLengthExponent),
            new("Migdal–Kadanoff b = 2, K' = ln cosh 2K (decimate, then move)", decimateThenMove.FixedPoint[0], decimateThenMove.CorrelationLengthExponent),
            new("exact (Onsager)", OnsagerSolution.CriticalInverseTemperature(), 1),
        };

        var separatrix = new List<(double K, double L)>();
        for (var i = 0; i < config.SeparatrixPoints; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var l = config.LMin + (config.LMax - config.LMin) * i / (config.SeparatrixPoints - 1);
            // Large L sends even K = 0 to the ordered sink (through K' = L); the separatrix has left the window there.
            if (TruncatedSquareLatticeFlow.Fate(map, [DisorderedK, l], fixedPoint) != FlowFate.Disordered) continue;
            if (TruncatedSquareLatticeFlow.Fate(map, [OrderedK, l], fixedPoint) != FlowFate.Ordered) continue;
            separatrix.Add((TruncatedSquareLatticeFlow.SeparatrixCoupling(map, fixedPoint, l, DisorderedK, OrderedK), l));
        }

        var hand = TruncatedSquareLatticeFlow.HandWrittenJacobian(fixedPoint[0], fixedPoint[1]);
        return new RgTruncated2dResult(linearized, hand, estimates, SquareLatticeDecimation.Decimate(fixedPoint[0]), separatrix);
    }

    /// <summary>The markdown table method → K_c, T_c, ν with relative errors against Onsager, and the fixed-point facts.</summary>
    public static string Table(RgTruncated2dResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var exactT = OnsagerSolution.CriticalTemperature();
        var text = new StringBuilder();
        text.AppendLine("| method | K_c | T_c | T_c / T_c(Onsager) − 1 | ν |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var estimate in result.Estimates)
        {
            var nu = estimate.CorrelationLengthExponent is { } value ? value.ToString("F6", CultureInfo.InvariantCulture) : "—";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {estimate.Method} | {estimate.CriticalCoupling:F7} | {estimate.CriticalTemperature:F6} | {estimate.CriticalTemperature / exactT - 1:+0.0%;-0.0%;0.0%} | {nu} |"));
        }
        var fixedPoint = result.FixedPoint;
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Truncated fixed point (K*, L*) = ({fixedPoint.FixedPoint[0]:R}, {fixedPoint.FixedPoint[1]:R}); eigenvalues " +
            $"{string.Join(", ", fixedPoint.Directions.Select(d => $"{d.Eigenvalue.Real:R} ({d.Relevance.ToString().ToLowerInvariant()}, y = {d.Exponent:F6})"))}; " +
            $"largest |autograd − eq. 3.28| = {MaxDifference(fixedPoint.Jacobian, result.HandWrittenJacobian):0.0E+0}."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Exact one step (eq. 3.19) from K = K*, L = 0: K' = {result.ExactStep.NearestNeighbour:F6}, L' = {result.ExactStep.NextNearestNeighbour:F6}, " +
            $"M' = {result.ExactStep.Quartic:F6} (fit residual {result.ExactStep.FitResidual:0.0E+0})."));
        return text.ToString();
    }

    internal static double MaxDifference(double[,] a, double[,] b)
    {
        var worst = 0.0;
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++) worst = Math.Max(worst, Math.Abs(a[i, j] - b[i, j]));
        return worst;
    }

    private static void Check(bool condition, string problem)
    {
        if (!condition) throw new ArgumentException($"rg.truncated2d: {problem}.");
    }
}
