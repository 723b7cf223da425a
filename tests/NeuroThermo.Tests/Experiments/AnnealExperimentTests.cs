using System.Text.Json;
using NeuroThermo.Experiments;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Sampling;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class AnnealExperimentTests
{
    /// <summary>Cut values are sums of a few dozen weights with one decimal: equal up to rounding.</summary>
    private const double CutTolerance = 1e-9;

    [Fact]
    public async Task SpinGlassQuickRun_LogsEverySize_AndNoSampleGoesBelowItsGroundState()
    {
        var config = McExperimentConfigs.Load<SpinGlassAnnealConfig>("spinglass-anneal.json") with
        {
            Sizes = [8, 12, 16], Instances = 3, Chains = 2, Stages = 50, SweepsPerStage = 2,
        };
        using var run = new TestRun("sk-quick", seed: 5);

        Assert.Equal(RunOutcome.Completed, await SpinGlassAnnealExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        var records = MetricsFile.Read(run.Directory.MetricsFile).Records;
        Assert.Equal(config.Sizes.Length, records.Count);
        Assert.True(File.Exists(Path.Combine(run.Directory.PlotsDirectory, SpinGlassAnnealExperiment.ExtrapolationPlot)));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory.Path, "results.json")));
        Assert.True(results.RootElement.TryGetProperty("limit", out _));

        // The run draws its samples in order from one generator seeded by the run's seed; redraw them and enumerate.
        using var generator = new Generator((ulong)run.Seed);
        var sizes = results.RootElement.GetProperty("sizes");
        for (var s = 0; s < config.Sizes.Length; s++)
        {
            var annealed = sizes[s].GetProperty("samples").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (var k = 0; k < config.Instances; k++)
            {
                using var model = SherringtonKirkpatrick.Sample(config.Sizes[s], generator);
                using var enumeration = new ExactEnumeration(model);
                var groundState = enumeration.GroundStates(maxListed: 0).Energy / config.Sizes[s];
                Assert.True(annealed[k] >= groundState - CutTolerance, $"N = {config.Sizes[s]}, sample {k}: {annealed[k]} below the ground state {groundState}");
            }
        }
    }

    [Fact]
    public void SpinGlassBadSchedule_GivesOneSentenceNamingTheField()
    {
        var error = Assert.Throws<ConfigException>(() =>
            SpinGlassAnnealExperiment.Check(new SpinGlassAnnealConfig { BetaStart = 2, BetaEnd = 1 }, "sk.json"));
        Assert.Equal("$.betaEnd", error.JsonPath);
        Assert.Contains("sk.json", error.Message);
        Assert.Single(error.Message.Split(". ", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task MaxCutFromFile_FindsTheExactOptimum()
    {
        using var run = new TestRun("maxcut", seed: 2);
        var file = Path.Combine(run.Directory.Path, "graph.txt");
        var random = new Random(9);
        var lines = new List<string> { "# test graph", "vertices 14" };
        for (var i = 0; i < 14; i++)
            for (var j = i + 1; j < 14; j++)
                if (random.NextDouble() < 0.4) lines.Add($"{i} {j} {random.Next(1, 30) / 10.0:F1}");
        File.WriteAllLines(file, lines);
        var config = new MaxCutAnnealConfig { GraphFile = file, Chains = 8 };

        Assert.Equal(RunOutcome.Completed, await MaxCutAnnealExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory.Path, "results.json")));
        var problem = MaxCutProblem.Read(file);
        var partition = results.RootElement.GetProperty("bestPartition").EnumerateArray().Select(e => (double)e.GetInt32()).ToArray();
        var bestCut = results.RootElement.GetProperty("bestCut").GetDouble();
        Assert.Equal(problem.CutValue(partition), bestCut, CutTolerance);
        Assert.Equal(BruteForceMaximumCut(problem), bestCut, CutTolerance);
        Assert.Equal(bestCut, results.RootElement.GetProperty("exactCut").GetDouble(), CutTolerance);
    }

    [Fact]
    public void MaxCutMalformedFile_GivesOneSentenceNamingFileFieldAndLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"nt-maxcut-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, "0 1 1\n1 2 x\n");
        try
        {
            var error = Assert.Throws<ConfigException>(() =>
                MaxCutAnnealExperiment.LoadProblem(new MaxCutAnnealConfig { GraphFile = file }, 1, "maxcut.json"));
            Assert.Equal("$.graphFile", error.JsonPath);
            Assert.Contains("line 2", error.Message);
            Assert.Contains(file, error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // The optimum by looping over all 2^(N−1) partitions in managed code: independent of the enumeration engine.
    private static double BruteForceMaximumCut(MaxCutProblem problem)
    {
        var best = 0.0;
        for (var code = 0; code < 1 << (problem.VertexCount - 1); code++)
        {
            var cut = problem.Edges.Where(e => ((code >> e.I) & 1) != ((code >> e.J) & 1)).Sum(e => e.Weight);
            best = Math.Max(best, cut);
        }
        return best;
    }
}
