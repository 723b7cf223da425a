using NeuroThermo.Experiments;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling;
using NeuroThermo.Tests.Physics;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class IsingSweepExperimentTests
{
    /// <summary>The criterion: a seeded Monte Carlo mean within 3 of its standard errors of the exact value.</summary>
    private const double StandardErrors = 3;

    [Fact]
    public async Task QuickConfig_WritesMetricsPlotsSnapshotsAndResults()
    {
        var config = McExperimentConfigs.Load<IsingSweepConfig>("ising-sweep-quick.json");
        using var run = new TestRun("ising-quick", seed: 1);

        Assert.Equal(RunOutcome.Completed, await IsingSweepExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        var records = MetricsFile.Read(run.Directory.MetricsFile).Records;
        Assert.Equal(config.Sizes.Length * config.Temperatures.Length + config.Sizes.Length, records.Count);
        foreach (var plot in new[] { "energy.svg", "magnetization.svg", "heat-capacity.svg", "susceptibility.svg", "binder.svg", "autocorrelation.svg" })
            Assert.True(File.Exists(Path.Combine(run.Directory.PlotsDirectory, plot)), plot);
        Assert.Equal(IsingSweepExperiment.SnapshotTemperatures(config).Count, Directory.GetFiles(run.Directory.ImagesDirectory, "snapshot-*.png").Length);
        Assert.Contains("\"binderCrossing\"", File.ReadAllText(Path.Combine(run.Directory.Path, "results.json")));

        File.WriteAllText(run.Directory.ConfigFile, "{}");   // the launcher writes it; the report quotes it
        RunReportWriter.Write(run.Directory);
        var report = File.ReadAllText(run.Directory.ReportFile);
        Assert.Contains("<h2>Results</h2>", report);
        Assert.Contains("T_c from Binder crossings", report);
        Assert.Contains("images/snapshot-L8-", report);
    }

    /// <summary>Both backends of the sweep against exact enumeration of the 4×4 torus (2^16 states) at T below, near and above T_c.</summary>
    [Theory]
    [InlineData(1.5, true)]
    [InlineData(2.3, true)]
    [InlineData(3.0, true)]
    [InlineData(2.3, false)]
    public void SmallLattice_EnergyAndAbsoluteMagnetization_MatchEnumeration(double temperature, bool native)
    {
        const int size = 4;
        using var chains = native
            ? SquareIsingChains.Create(size, 1 / temperature, chains: 16, seed: 11)
            : SquareIsingChains.CreateGeneral(size, 1 / temperature, chains: 16, seed: 11);
        var point = IsingSweepExperiment.Simulate(chains, temperature, thermalizationSweeps: 200, measurementSweeps: 2_000);

        using var model = new IsingModel(Lattice.Square(size, size, Boundary.Periodic));
        using var enumeration = new ExactEnumeration(model);
        var exact = enumeration.Thermodynamics([1 / temperature])[0];
        Assert.InRange(Math.Abs(point.Energy.Mean - exact.InternalEnergy / (size * size)), 0, StandardErrors * point.Energy.StandardError);
        Assert.InRange(Math.Abs(point.AbsoluteMagnetization.Mean - exact.AbsoluteMagnetization), 0, StandardErrors * point.AbsoluteMagnetization.StandardError);
    }

    [Fact]
    public void UnsortedSizes_GiveOneSentenceNamingFileAndField()
    {
        var error = Assert.Throws<ConfigException>(() => IsingSweepExperiment.Check(new IsingSweepConfig { Sizes = [16, 8] }, "x.json"));
        Assert.Equal("$.sizes[1]", error.JsonPath);
        Assert.Contains("x.json", error.Message);
        Assert.Single(error.Message.Split(". ", StringSplitOptions.RemoveEmptyEntries));
        var odd = Assert.Throws<ConfigException>(() => IsingSweepExperiment.Check(new IsingSweepConfig { Sizes = [8, 9] }, "x.json"));
        Assert.Contains("odd", odd.Message);
        var temperatures = Assert.Throws<ConfigException>(() => IsingSweepExperiment.Check(new IsingSweepConfig { Temperatures = [2, 2] }, "x.json"));
        Assert.Equal("$.temperatures[1]", temperatures.JsonPath);
    }

    [Fact]
    public void ZeroTemperatureInFile_IsRejectedByTheLoader_NamingTheField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nt-ising-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "kind": "ising.sweep", "temperatures": [0, 1] }""");
        try
        {
            var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, [], ExperimentRegistry.CreateBuiltIn()));
            Assert.Contains("temperatures[0]", error.Message);
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
