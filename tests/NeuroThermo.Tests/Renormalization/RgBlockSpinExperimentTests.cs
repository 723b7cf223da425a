using System.Text.Json;
using NeuroThermo.Experiments;
using NeuroThermo.Tests.Experiments;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>rg.blockspin end to end on a tiny lattice (outputs only; the physics is in BlockSpinCorrelationTests), and its config rules.</summary>
public sealed class RgBlockSpinExperimentTests
{
    private static readonly RgBlockSpinConfig Tiny = new()
    {
        Size = 12, BlockSizes = [2, 3], Temperatures = [3.0], Chains = 2, ThermalizationSweeps = 10, SamplesPerChain = 8,
        SampleInterval = 1, WolffChains = 2, WolffThermalization = 5, WolffSamplesPerChain = 8, WolffInterval = 1,
        FitStart = 2, FitEnd = 6, BinCount = 4, DistributionBlockedSize = 4, DistributionMaxSize = 16, DistributionChains = 2,
        DistributionSamplesPerChain = 8, HistogramBins = 8,
    };

    [Fact]
    public async Task TinyRun_WritesImagesPlotsTableAndResults()
    {
        using var run = new TestRun("rg-blockspin", seed: 3);
        var outcome = await RgBlockSpinExperiment.RunAsync(Tiny, run.Context(), CancellationToken.None);
        Assert.Equal(RunOutcome.Completed, outcome);
        var directory = run.Directory;
        Assert.True(File.Exists(Path.Combine(directory.ImagesDirectory, "blocks-T3.000.png")));
        Assert.True(File.Exists(Path.Combine(directory.ImagesDirectory, "blocks-T2.269.png")));
        foreach (var plot in new[] { "magnetization-b2.svg", "magnetization-b3.svg", "blocked-binder.svg" })
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(directory.PlotsDirectory, plot)));
        var table = File.ReadAllText(Path.Combine(directory.Path, RgBlockSpinExperiment.TableFile));
        Assert.Contains("| 3.0000 | 16 | 3 | exponential, r ∈ [3, 6]", table);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.Path, RgBlockSpinExperiment.ResultsFile)));
        var temperatures = json.RootElement.GetProperty("temperatures").EnumerateArray().ToArray();
        Assert.Equal(2, temperatures.Length);   // 3.0 and T_c
        Assert.True(temperatures[0].GetProperty("critical").GetBoolean());
        var distributions = json.RootElement.GetProperty("magnetizationDistributions").EnumerateArray().ToArray();
        // b = 2: L = 4, 8, 16; b = 3: L = 4, 12.
        Assert.Equal(3, distributions[0].GetProperty("sizes").GetArrayLength());
        Assert.Equal(2, distributions[1].GetProperty("sizes").GetArrayLength());
    }

    [Fact]
    public void BlockSizeThatDoesNotDivideL_IsOneSentenceNamingTheField()
    {
        var error = Assert.Throws<ConfigException>(() => RgBlockSpinExperiment.Check(Tiny with { Size = 16 }, "x.json"));
        Assert.Contains("$.blockSizes[1]", error.Message);
        Assert.Contains("does not divide L = 16", error.Message);
        var window = Assert.Throws<ConfigException>(() => RgBlockSpinExperiment.Check(Tiny with { FitStart = 5, FitEnd = 6 }, "x.json"));
        Assert.Contains("$.fitEnd", window.Message);
    }

    [Fact]
    public void ShippedConfig_LoadsAndPassesTheChecks()
    {
        var path = RgExperimentTests.ConfigPath("rg-blockspin.json");
        var loaded = ConfigLoader.Load(path, [], ExperimentRegistry.CreateBuiltIn());
        var config = Assert.IsType<RgBlockSpinConfig>(loaded.Config);
        RgBlockSpinExperiment.Check(config, path);
        Assert.Equal(0, config.Size % 6);
    }
}
