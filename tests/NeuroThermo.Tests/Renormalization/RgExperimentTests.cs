using System.Globalization;
using System.Text.Json;
using NeuroThermo.Experiments;
using NeuroThermo.Physics.Onsager;
using NeuroThermo.Tests.Experiments;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>The shipped configs of rg.decimation1d and rg.truncated2d load, run and write what docs/renormalization.md quotes.</summary>
public sealed class RgExperimentTests
{
    // The table prints K_c with 7 decimals.
    private const double PrintedTol = 5e-8;

    // The done-when tolerance for Z from the flow against the transfer matrix (see IsingChainDecimationTests).
    private const double LogZRelTol = 1e-12;

    // A JSON number round-trips a double exactly; this only allows for T_c = 1/K_c being formed in another order.
    private const double OnsagerTol = 1e-14;

    internal static string ConfigPath(string file)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NeuroThermo.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        return Path.Combine(root, "configs", file);
    }

    private static RunOutcome RunShippedConfig(string file, TestRun run)
    {
        var loaded = ConfigLoader.Load(ConfigPath(file), [], ExperimentRegistry.CreateBuiltIn());
        return loaded.Kind.Runner!(loaded.Config, run.Context(), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public void Decimation1dConfig_WritesPlotsTableAndAgreeingLogZ()
    {
        using var run = new TestRun("rg-decimation1d");
        Assert.Equal(RunOutcome.Completed, RunShippedConfig("rg-decimation1d.json", run));
        var directory = run.Directory.Path;
        Assert.True(File.Exists(Path.Combine(directory, "plots", RgDecimation1dExperiment.FlowPlot)));
        Assert.True(File.Exists(Path.Combine(directory, "plots", RgDecimation1dExperiment.FreeEnergyPlot)));
        Assert.Contains("1D decimation", File.ReadAllText(Path.Combine(directory, RgDecimation1dExperiment.TableFile)));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, RgDecimation1dExperiment.ResultsFile)));
        var rows = json.RootElement.GetProperty("logPartitionFunction").EnumerateArray().ToArray();
        Assert.Equal(5 * 20, rows.Length);   // five default couplings, n = 1..20
        Assert.All(rows, row => Assert.True(row.GetProperty("relativeDifference").GetDouble() <= LogZRelTol));
    }

    [Fact]
    public void Truncated2dConfig_WritesTheFlowDiagramAndTheTableAgainstOnsager()
    {
        using var run = new TestRun("rg-truncated2d");
        Assert.Equal(RunOutcome.Completed, RunShippedConfig("rg-truncated2d.json", run));
        var directory = run.Directory.Path;
        var svg = File.ReadAllText(Path.Combine(directory, "plots", RgTruncated2dExperiment.FlowDiagram));
        Assert.Contains("<svg", svg);
        Assert.Contains("separatrix", svg);
        var table = File.ReadAllText(Path.Combine(directory, RgTruncated2dExperiment.TableFile));
        var onsagerRow = table.Split('\n').Single(line => line.StartsWith("| exact (Onsager)", StringComparison.Ordinal));
        var printedKc = double.Parse(onsagerRow.Split('|')[2], CultureInfo.InvariantCulture);
        Assert.Equal(0.5 * Math.Log(1 + Math.Sqrt(2)), printedKc, PrintedTol);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, RgTruncated2dExperiment.ResultsFile)));
        var estimates = json.RootElement.GetProperty("estimates").EnumerateArray().ToArray();
        Assert.Equal(6, estimates.Length);
        Assert.Equal(OnsagerSolution.CriticalTemperature(), estimates[^1].GetProperty("criticalTemperature").GetDouble(), OnsagerTol);
        Assert.NotEmpty(json.RootElement.GetProperty("separatrix").EnumerateArray());
    }

    [Fact]
    public void Truncated2d_EmptyWindow_IsOneSentenceNamingTheFields()
    {
        var config = new RgTruncated2dConfig { KMin = 0.5, KMax = 0.4 };
        var error = Assert.Throws<ArgumentException>(() => RgTruncated2dExperiment.Compute(config, CancellationToken.None));
        Assert.Contains("kMin", error.Message);
        Assert.Contains("kMax", error.Message);
    }
}
