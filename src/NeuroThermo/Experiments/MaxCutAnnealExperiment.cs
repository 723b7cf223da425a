using System.Globalization;
using NeuroThermo.IO;
using NeuroThermo.Reports;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>What <c>maxcut.anneal</c> found.</summary>
/// <param name="Problem">The graph.</param>
/// <param name="ChainCuts">The best cut each chain reached.</param>
/// <param name="BestCut">The largest of them.</param>
/// <param name="BestPartition">Its side (±1) of each vertex.</param>
/// <param name="ExactCut">The exact maximum cut by enumeration, or null when N exceeds <see cref="MaxCutProblem.MaxExactVertices"/>.</param>
public sealed record MaxCutAnnealResult(MaxCutProblem Problem, double[] ChainCuts, double BestCut, double[] BestPartition, double? ExactCut)
{
    /// <summary>Best cut over the exact optimum (1 when annealing found it); null without the exact optimum.</summary>
    public double? ApproximationRatio => ExactCut is { } exact && exact != 0 ? BestCut / exact : null;
}

/// <summary>
/// <c>maxcut.anneal</c>: maps the MaxCut problem to an Ising energy (<see cref="MaxCutProblem.ToIsing"/>), anneals a
/// batch of chains with <see cref="SimulatedAnnealing"/>, reads the best cut as (W − E_min)/2 and, when N ≤ 24,
/// compares it with the exact optimum.
/// </summary>
public static class MaxCutAnnealExperiment
{
    /// <summary>The plot of every chain's best cut against the exact optimum.</summary>
    public const string CutsPlot = "cuts.svg";

    /// <summary>Anneals, prints the cut, writes the plot and results.json and one metrics record.</summary>
    public static Task<RunOutcome> RunAsync(MaxCutAnnealConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        Check(config, context.Directory.ConfigFile);
        cancellationToken.ThrowIfCancellationRequested();
        var problem = LoadProblem(config, (ulong)context.Seed, context.Directory.ConfigFile);
        var result = Solve(problem, config, (ulong)context.Seed + 1);
        context.Metrics.Write(0, ("vertices", problem.VertexCount), ("edges", problem.Edges.Count), ("bestCut", result.BestCut),
            ("exactCut", result.ExactCut ?? double.NaN), ("approximationRatio", result.ApproximationRatio ?? double.NaN),
            ("chainsAtBest", result.ChainCuts.Count(c => c >= result.BestCut - 1e-9)));
        Write(result, context.Directory);
        var exact = result.ExactCut is { } x
            ? string.Create(CultureInfo.InvariantCulture, $"; exact optimum {x:G10} by enumeration, ratio {result.ApproximationRatio:F6}")
            : $"; N > {MaxCutProblem.MaxExactVertices}, no exact optimum";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"MaxCut of {problem.VertexCount} vertices, {problem.Edges.Count} edges: best cut {result.BestCut:G10} ({result.ChainCuts.Count(c => c >= result.BestCut - 1e-9)} of {result.ChainCuts.Length} chains){exact}");
        context.Progress.WriteLine(summary);
        AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, RunReportWriter.SummaryFileName), summary + "\n");
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>The graph of the config: its file, or G(N, p) drawn from <paramref name="seed"/>.</summary>
    public static MaxCutProblem LoadProblem(MaxCutAnnealConfig config, ulong seed, string configFile)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.GraphFile is { } path)
        {
            try
            {
                return MaxCutProblem.Read(path);
            }
            catch (FormatException e)
            {
                throw new ConfigException($"Config '{configFile}' at $.graphFile: {e.Message}", configFile, "$.graphFile");
            }
        }
        using var generator = new Generator(seed);
        return MaxCutProblem.Random(config.Vertices, config.EdgeProbability, generator, config.MinimumWeight, config.MaximumWeight);
    }

    /// <summary>Anneals <paramref name="problem"/> and, when it is small enough, enumerates its exact optimum.</summary>
    public static MaxCutAnnealResult Solve(MaxCutProblem problem, MaxCutAnnealConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(config);
        using var model = problem.ToIsing();
        using var annealing = new SimulatedAnnealing(model, AnnealingSchedule.Geometric(config.BetaStart, config.BetaEnd, config.Stages), config.SweepsPerStage);
        using var found = annealing.Anneal(config.Chains, seed);
        var cuts = found.BestEnergies.Select(e => (problem.TotalWeight - e) / 2).ToArray();   // cut = (W − E)/2
        var partition = found.BestConfiguration();
        double? exact = problem.VertexCount <= MaxCutProblem.MaxExactVertices ? problem.ExactMaximumCut() : null;
        return new MaxCutAnnealResult(problem, cuts, problem.CutValue(partition), partition, exact);
    }

    private static void Write(MaxCutAnnealResult result, RunDirectory run)
    {
        Directory.CreateDirectory(run.PlotsDirectory);
        var sorted = result.ChainCuts.OrderDescending().ToArray();
        var rank = Enumerable.Range(1, sorted.Length).Select(i => (double)i).ToArray();
        var plot = new Plot { Title = $"MaxCut by annealing, N = {result.Problem.VertexCount}", XLabel = "chain (best first)", YLabel = "cut" }
            .AddScatter(rank, sorted, "best cut of each chain");
        if (result.ExactCut is { } exact) plot.AddLine([1, Math.Max(2, sorted.Length)], [exact, exact], "exact optimum (enumeration)");
        plot.WriteSvg(Path.Combine(run.PlotsDirectory, CutsPlot));

        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["vertices"] = result.Problem.VertexCount,
            ["edges"] = result.Problem.Edges.Count,
            ["totalWeight"] = result.Problem.TotalWeight,
            ["bestCut"] = result.BestCut,
            ["exactCut"] = result.ExactCut,
            ["approximationRatio"] = result.ApproximationRatio,
            ["bestPartition"] = new System.Text.Json.Nodes.JsonArray(result.BestPartition.Select(s => (System.Text.Json.Nodes.JsonNode)(int)s).ToArray()),
            ["chainCuts"] = new System.Text.Json.Nodes.JsonArray(result.ChainCuts.Select(c => (System.Text.Json.Nodes.JsonNode)c).ToArray()),
        };
        AtomicFile.WriteAllText(Path.Combine(run.Path, "results.json"), json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Rules between fields that per-field ranges cannot express, each broken one reported in one sentence.</summary>
    public static void Check(MaxCutAnnealConfig config, string file)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.MaximumWeight < config.MinimumWeight)
            throw new ConfigException(string.Create(CultureInfo.InvariantCulture,
                $"Config '{file}' at $.maximumWeight: it ({config.MaximumWeight}) must be at least minimumWeight ({config.MinimumWeight})."), file, "$.maximumWeight");
        if (config.BetaEnd <= config.BetaStart)
            throw new ConfigException(string.Create(CultureInfo.InvariantCulture,
                $"Config '{file}' at $.betaEnd: annealing cools, so betaEnd ({config.BetaEnd}) must exceed betaStart ({config.BetaStart})."), file, "$.betaEnd");
    }
}
