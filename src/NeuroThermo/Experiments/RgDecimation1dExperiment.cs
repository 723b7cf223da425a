using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuroThermo.IO;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.TransferMatrices;
using NeuroThermo.Renormalization;
using NeuroThermo.Reports;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>rg.decimation1d</c>: iterates K' = ½ ln cosh 2K from each configured K, finds and classifies the fixed point
/// K* = 0, builds ln Z of rings of 2, 4, …, 2^n spins from the flow and compares with the transfer matrix, and sets
/// the free energy density obtained by iterating eq. 3.15 against the ansatz ln(2 cosh K) of eq. 3.16.
/// </summary>
public static class RgDecimation1dExperiment
{
    /// <summary>Files written into the run directory (plots under plots/).</summary>
    public const string FlowPlot = "decimation-flow.svg", FreeEnergyPlot = "free-energy-density.svg",
        ResultsFile = "results.json", TableFile = "estimates.md";

    private const double NewtonStart = 0.5;

    /// <summary>Computes, writes the plots, results.json and estimates.md, and prints the tables.</summary>
    public static Task<RunOutcome> RunAsync(RgDecimation1dConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        if (config.Couplings.Length == 0)
            throw new ArgumentException("rg.decimation1d's couplings must list at least one K.", nameof(config));

        // Newton from an intermediate K; the damping carries it past the slow large-K region, where R'(K) → 1.
        var fixedPoint = LinearizedFixedPoint.Find(IsingChainDecimation.Map, [NewtonStart]);
        var flows = config.Couplings.Select(k => IsingChainDecimation.Flow(k, config.FlowSteps)).ToArray();

        var comparisons = new List<(double K, int Levels, double FromFlow, double TransferMatrix)>();
        foreach (var coupling in config.Couplings)
        {
            for (var levels = 1; levels <= config.Levels; levels++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var chain = new IsingChainTransferMatrix(1 << levels, Boundary.Periodic, coupling);
                comparisons.Add((coupling, levels, IsingChainDecimation.LogPartitionFunction(coupling, levels), chain.LogPartitionFunction(1.0)));
            }
        }

        var grid = Enumerable.Range(0, config.FreeEnergyPoints)
            .Select(i => config.FreeEnergyCouplingMax * i / (config.FreeEnergyPoints - 1)).ToArray();
        var fromFlow = grid.Select(k => IsingChainDecimation.FreeEnergyDensityFromFlow(k)).ToArray();
        var ansatz = grid.Select(IsingChainDecimation.FreeEnergyDensityAnsatz).ToArray();
        var residuals = grid.Select(IsingChainDecimation.FunctionalEquationResidual).ToArray();

        var directory = context.Directory.Path;
        var plots = Path.Combine(directory, "plots");
        Directory.CreateDirectory(plots);
        var flowPlot = new Plot { Title = "1D Ising decimation: K' = ½ ln cosh 2K", XLabel = "decimation step j (N → N/2ʲ)", YLabel = "K_j" };
        var steps = Enumerable.Range(0, config.FlowSteps + 1).Select(j => (double)j).ToArray();
        foreach (var flow in flows) flowPlot.Add(steps, flow, string.Create(CultureInfo.InvariantCulture, $"K₀ = {flow[0]:G4}"), SeriesStyle.LineAndMarkers);
        flowPlot.WriteSvg(Path.Combine(plots, FlowPlot));
        new Plot { Title = "Free energy density ζ(K) = lim ln Z / N", XLabel = "K = βJ", YLabel = "ζ" }
            .AddScatter(grid, fromFlow, "eq. 3.15 iterated along the flow")
            .AddLine(grid, ansatz, "ansatz ln(2 cosh K), eq. 3.16")
            .WriteSvg(Path.Combine(plots, FreeEnergyPlot));

        var worstZ = comparisons.Max(c => RelativeError(c.FromFlow, c.TransferMatrix));
        var worstZeta = grid.Select((_, i) => Math.Abs(fromFlow[i] - ansatz[i])).Max();
        var worstResidual = residuals.Max(Math.Abs);
        var table = Table(fixedPoint, worstZ, worstZeta, worstResidual, config);
        AtomicFile.WriteAllText(Path.Combine(directory, TableFile), table);
        AtomicFile.WriteAllText(Path.Combine(directory, ResultsFile), Json(fixedPoint, flows, comparisons, grid, fromFlow, ansatz, residuals));
        Console.Out.Write(table);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>|a − b| / |b|: the relative error of ln Z, which bounds that of Z only while ln Z is small, since a
    /// double holds ln Z of a million spins to ~1e-10 absolute; see docs/renormalization.md.</summary>
    internal static double RelativeError(double value, double reference) => Math.Abs(value - reference) / Math.Abs(reference);

    private static string Table(LinearizedFixedPoint fixedPoint, double worstZ, double worstZeta, double worstResidual, RgDecimation1dConfig config)
    {
        var direction = fixedPoint.Directions[0];
        var text = new StringBuilder();
        text.AppendLine("| method | K* | λ = dK'/dK at K* | class | K_c | T_c | ν |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| 1D decimation, b = 2 | {fixedPoint.FixedPoint[0]:G3} | {direction.Eigenvalue.Real:G3} | {direction.Relevance.ToString().ToLowerInvariant()} | ∞ (no finite K*) | 0 | — |"));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"ln Z of rings of 2..2^{config.Levels} spins at K = {string.Join(", ", config.Couplings)}: largest relative difference from the transfer matrix {worstZ:0.0E+0}."));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"ζ(K) by iterating eq. 3.15 vs ln(2 cosh K) on [0, {config.FreeEnergyCouplingMax}]: largest difference {worstZeta:0.0E+0}; residual of eq. 3.15 for the ansatz {worstResidual:0.0E+0}."));
        return text.ToString();
    }

    private static string Json(LinearizedFixedPoint fixedPoint, double[][] flows,
        List<(double K, int Levels, double FromFlow, double TransferMatrix)> comparisons,
        double[] grid, double[] fromFlow, double[] ansatz, double[] residuals)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("fixedPoint");
            json.WriteNumber("coupling", fixedPoint.FixedPoint[0]);
            json.WriteNumber("eigenvalue", fixedPoint.Directions[0].Eigenvalue.Real);
            json.WriteString("relevance", fixedPoint.Directions[0].Relevance.ToString());
            json.WriteEndObject();
            json.WriteStartArray("flows");
            foreach (var flow in flows) WriteArray(json, flow);
            json.WriteEndArray();
            json.WriteStartArray("logPartitionFunction");
            foreach (var (k, levels, flow, transfer) in comparisons)
            {
                json.WriteStartObject();
                json.WriteNumber("coupling", k);
                json.WriteNumber("spins", 1L << levels);
                json.WriteNumber("fromFlow", flow);
                json.WriteNumber("transferMatrix", transfer);
                json.WriteNumber("relativeDifference", RelativeError(flow, transfer));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("freeEnergyDensity");
            json.WritePropertyName("couplings");
            WriteArray(json, grid);
            json.WritePropertyName("fromFlow");
            WriteArray(json, fromFlow);
            json.WritePropertyName("ansatz");
            WriteArray(json, ansatz);
            json.WritePropertyName("functionalEquationResidual");
            WriteArray(json, residuals);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter json, IEnumerable<double> values)
    {
        json.WriteStartArray();
        foreach (var value in values) json.WriteNumberValue(value);
        json.WriteEndArray();
    }
}
