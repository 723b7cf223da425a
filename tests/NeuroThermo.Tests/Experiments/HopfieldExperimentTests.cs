using System.Globalization;
using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>The shipped perceptron and Hopfield configs load and, shrunk by overrides, run and write what docs/hopfield.md quotes.</summary>
public sealed class HopfieldExperimentTests
{
    // The experiments print identities at 1e-16-ish; the design's float64 bar for derivatives is 1e-10.
    private const double IdentityTol = 1e-10;

    private static string ConfigPath(string file)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NeuroThermo.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        return Path.Combine(root, "configs", file);
    }

    private static RunOutcome Run(string file, TestRun run, params string[] overrides)
    {
        var loaded = ConfigLoader.Load(ConfigPath(file), overrides, ExperimentRegistry.CreateBuiltIn());
        return loaded.Kind.Runner!(loaded.Config, run.Context(), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public void PerceptronGates_ProvesExactlyXorAndXnorImpossible()
    {
        using var run = new TestRun("perceptron-gates");
        Assert.Equal(RunOutcome.Completed, Run("perceptron-gates.json", run));
        var lines = File.ReadAllLines(Path.Combine(run.Directory.Path, PerceptronGatesExperiment.TableFile));
        var proved = lines.Where(l => l.Contains("no (proved)", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, proved.Length);
        Assert.Contains(proved, l => l.StartsWith("| 0 1 1 0 |", StringComparison.Ordinal));
        Assert.Contains(proved, l => l.StartsWith("| 1 0 0 1 |", StringComparison.Ordinal));
        Assert.Contains("14 of the 16", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public void HopfieldCapacity_SmallRun_RetrievesAtLowLoadAndCollapsesAtHighLoad()
    {
        using var run = new TestRun("hopfield-capacity");
        Assert.Equal(RunOutcome.Completed, Run("hopfield-capacity.json", run, "sizes=[300]", "loads=2", "loadMin=0.03", "loadMax=0.3", "trials=12"));
        Assert.True(File.Exists(Path.Combine(run.Directory.PlotsDirectory, HopfieldCapacityExperiment.Plot)));
        var overlaps = File.ReadAllLines(Path.Combine(run.Directory.Path, HopfieldCapacityExperiment.TableFile))
            .Where(l => l.StartsWith("| 300 |", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split('|')[4], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, overlaps.Length);
        Assert.True(overlaps[0] > HopfieldCapacityExperiment.CollapseOverlap, $"α = 0.03: {overlaps[0]}");
        Assert.True(overlaps[1] < HopfieldCapacityExperiment.CollapseOverlap, $"α = 0.3: {overlaps[1]}");
    }

    [Fact]
    public void HopfieldRecall_WritesStripsAndRecallsRandomPatterns()
    {
        using var run = new TestRun("hopfield-recall");
        Assert.Equal(RunOutcome.Completed, Run("hopfield-recall.json", run, "images=4", "randomPatterns=20", "shown=4"));
        foreach (var name in new[] { "fashion-hebbian", "fashion-projection", "random-hebbian", "random-projection" })
            Assert.True(File.Exists(Path.Combine(run.Directory.ImagesDirectory, $"recall-{name}.png")), name);
        var random = File.ReadAllLines(Path.Combine(run.Directory.Path, HopfieldRecallExperiment.TableFile))
            .Where(l => l.StartsWith("| random |", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, random.Length);
        // P/N = 0.026 from 10% noise: both rules must restore every pattern.
        Assert.All(random, l => Assert.Equal("20/20", l.Split('|')[9].Trim()));
    }

    [Fact]
    public void HopfieldModern_ChecksItsIdentitiesAndGoesFromAverageToSinglePattern()
    {
        using var run = new TestRun("hopfield-modern");
        Assert.Equal(RunOutcome.Completed, Run("hopfield-modern.json", run, "images=20", "betaPoints=5", "shown=3"));
        Assert.True(File.Exists(Path.Combine(run.Directory.ImagesDirectory, HopfieldModernExperiment.Strip)));
        var lines = File.ReadAllLines(Path.Combine(run.Directory.Path, HopfieldModernExperiment.TableFile));
        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(l[2]))
            .Select(l => double.Parse(l.Split('|')[2], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(5, rows.Length);
        Assert.True(rows[0] > rows[^1], "the softmax must mix fewer patterns as β grows");
        Assert.True(rows[^1] < 1.5, $"at the largest β about one pattern is selected, got {rows[^1]}");
        var identities = lines.Single(l => l.StartsWith("At β", StringComparison.Ordinal));
        foreach (var value in identities.Split('=').Skip(2).Select(s => s.Trim().Split(' ', ';')[0]))
            Assert.True(double.Parse(value, CultureInfo.InvariantCulture) < IdentityTol, identities);
    }

    [Fact]
    public void HopfieldCapacity_WithLoadMaxBelowLoadMin_SaysWhichFieldsAreWrong()
    {
        using var run = new TestRun("hopfield-capacity-bad");
        var error = Assert.Throws<ConfigException>(() => Run("hopfield-capacity.json", run, "loadMin=0.3", "loadMax=0.1"));
        Assert.Equal("$.loadMax", error.JsonPath);
        Assert.Contains("0.1 must exceed loadMin 0.3", error.Message, StringComparison.Ordinal);
    }
}
