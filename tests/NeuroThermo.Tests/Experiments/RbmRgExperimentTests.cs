using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary><c>rbm.rg</c>: the pair shells of the torus, a tiny end-to-end run on the exact-transform path, and config errors.</summary>
public sealed class RbmRgExperimentTests
{
    [Fact]
    public void PairShells_OfTheSixBySixTorusHaveTheLatticeCounts()
    {
        var shells = RbmRgExperiment.PairShells(6);
        // 2L² bonds at r = 1, 2L² diagonals at √2, 2L² pairs at r = 2, 4L² at √5; every pair exactly once.
        Assert.Equal([1.0, Math.Sqrt(2), 2.0, Math.Sqrt(5)], shells.Take(4).Select(s => s.Distance));
        Assert.Equal([72, 72, 72, 144], shells.Take(4).Select(s => s.Pairs.Count));
        Assert.Equal(36 * 35 / 2, shells.Sum(s => s.Pairs.Count));
        Assert.Equal(Math.Sqrt(18), shells[^1].Distance);
    }

    [Fact]
    public async Task TinyRun_WritesTheTablePlotsAndImages()
    {
        var config = new RbmRgConfig
        {
            Size = 3, Temperatures = [3.0, 2.0], Samples = 400, Chains = 40, ThermalizationUpdates = 20, UpdatesBetweenSamples = 3,
            Hidden = 6, Epochs = 3, BatchSize = 50, SampleSweeps = 10, Shown = 4, ScanVisible = 5, ScanHidden = 3,
            ScanWeightScales = [0.05, 0.1],
        };
        using var run = new TestRun("rbm-rg");
        var outcome = await RbmRgExperiment.RunAsync(config, run.Context(), CancellationToken.None);
        Assert.Equal(RunOutcome.Completed, outcome);
        foreach (var plot in new[] { RbmRgReport.DistancePlot, RbmRgReport.NearestPlot, RbmRgReport.ScanPlot })
            Assert.True(File.Exists(Path.Combine(run.Directory.PlotsDirectory, plot)), plot);
        Assert.True(File.Exists(Path.Combine(run.Directory.Path, "rbm-T2.safetensors")));
        foreach (var image in new[] { "filters-T3.png", "data-T2.png", "samples-T2.png" })
            Assert.True(File.Exists(Path.Combine(run.Directory.ImagesDirectory, image)), image);
        var summary = File.ReadAllText(Path.Combine(run.Directory.Path, RbmRgExperiment.SummaryFile));
        Assert.Contains("| 3 | 0.333 |", summary);
        Assert.Contains("| 2 | 0.500 |", summary);
        Assert.Contains("full Walsh transform", summary);
    }

    [Fact]
    public async Task EmptyTemperatures_NameTheFieldAndWhatWasExpected()
    {
        using var run = new TestRun("rbm-rg");
        var error = await Assert.ThrowsAsync<ConfigException>(() => RbmRgExperiment.RunAsync(new RbmRgConfig { Temperatures = [] }, run.Context(), CancellationToken.None));
        Assert.Contains("$.temperatures", error.Message);
        Assert.Contains("at least one temperature", error.Message);
    }

    [Fact]
    public void ShippedConfig_Loads()
    {
        var config = McExperimentConfigs.Load<RbmRgConfig>("rbm-rg.json");
        Assert.Equal(6, config.Size);
        Assert.Equal([3.0, 2.5, 2.269, 2.0], config.Temperatures);
    }
}
