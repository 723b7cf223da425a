using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>Loading valid configs: defaults, value forms, data files, and the resolved-JSON round trip.</summary>
public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();
    private readonly ExperimentRegistry registry = TestConfigs.Registry();

    public void Dispose() => dir.Dispose();

    private LoadedConfig Load(string fileName, string text, params string[] overrides) =>
        ConfigLoader.Load(dir.Write(fileName, text), overrides, registry);

    [Fact]
    public void KindOnly_GivesDefaults_NameFromFile_DefaultSeed()
    {
        var loaded = Load("tiny-run.json", "{\"kind\": \"smoke.mlp\"}");
        Assert.Equal("smoke.mlp", loaded.Kind.Name);
        Assert.Equal(new SmokeMlpConfig(), loaded.Config);
        Assert.Equal("tiny-run", loaded.RunName);
        Assert.Equal(ConfigLoader.DefaultSeed, loaded.Seed);
    }

    [Fact]
    public void CommentsTrailingCommasNameAndSeed_AreRead()
    {
        var loaded = Load("a.json", """
            // why: shorter run
            {
              "kind": "smoke.mlp", /* the kind */
              "name": "short",
              "seed": 9007199254740993,
              "steps": 1e3,
              "learningRate": 3e-4,
            }
            """);
        var config = loaded.ConfigAs<SmokeMlpConfig>();
        Assert.Equal(new SmokeMlpConfig { Steps = 1000, LearningRate = 3e-4 }, config);
        Assert.Equal("short", loaded.RunName);
        Assert.Equal(9007199254740993L, loaded.Seed); // beyond 2^53: must not pass through a double
    }

    [Fact]
    public void EveryValueForm_IsBound()
    {
        File.WriteAllText(Path.Combine(dir.Path, "corpus.txt"), "text");
        var loaded = Load("rich.json", """
            {
              "kind": "test.rich",
              "width": 1000,
              "budget": -9223372036854775808,
              "rate": 1,
              "shuffle": false,
              "label": "ünïcode \"quoted\"",
              "note": null,
              "limit": 7,
              "sizes": [1, 64, 2.0],
              "tags": [],
              "schedule": ["cosineWarmup", "relu"],
              "inner": {"depth": 8},
              "extra": {"activation": "relu"},
              "corpus": "corpus.txt",
            }
            """);
        var config = loaded.ConfigAs<TestRichConfig>();
        Assert.Equal(1000, config.Width);
        Assert.Equal(long.MinValue, config.Budget);
        Assert.Equal(1.0, config.Rate);
        Assert.False(config.Shuffle);
        Assert.Equal("ünïcode \"quoted\"", config.Label);
        Assert.Null(config.Note);
        Assert.Equal(7, config.Limit);
        Assert.Equal([1, 64, 2], config.Sizes);
        Assert.Empty(config.Tags);
        Assert.Equal([TestActivation.CosineWarmup, TestActivation.Relu], config.Schedule);
        Assert.Equal(new TestInnerConfig { Depth = 8 }, config.Inner);
        Assert.Equal(new TestInnerConfig { Activation = TestActivation.Relu }, config.Extra);
        Assert.Equal(Path.Combine(dir.Path, "corpus.txt"), config.Corpus);
    }

    [Fact]
    public void DataFile_FallsBackToCurrentDirectory()
    {
        string name = $"nt-cwd-{Guid.NewGuid():N}.txt";
        string inCurrent = Path.GetFullPath(name);
        File.WriteAllText(inCurrent, "text");
        try
        {
            var loaded = Load("rich.json", $"{{\"kind\": \"test.rich\", \"corpus\": \"{name}\"}}");
            Assert.Equal(inCurrent, loaded.ConfigAs<TestRichConfig>().Corpus);
        }
        finally
        {
            File.Delete(inCurrent);
        }
    }

    [Fact]
    public void ResolvedJson_OfSmokeConfig_ReloadsToEqualConfig()
    {
        var loaded = Load("smoke.json", "{\"kind\": \"smoke.mlp\", \"seed\": 5, \"learningRate\": 0.1}", "batchSize=16");
        Assert.Equal(loaded.ResolvedJson, ConfigLoader.ToResolvedJson(loaded));
        var again = Load("resolved.json", loaded.ResolvedJson);
        Assert.Equal(loaded.Config, again.Config);
        Assert.Equal("smoke", again.RunName);
        Assert.Equal(5, again.Seed);
        Assert.Equal(loaded.ResolvedJson, again.ResolvedJson);
    }

    [Fact]
    public void ResolvedJson_SpellsOutEveryField()
    {
        var loaded = Load("smoke.json", "{\"kind\": \"smoke.mlp\"}");
        foreach (string key in new[] { "kind", "name", "seed", "hiddenWidth", "steps", "batchSize", "learningRate", "inputDim", "logEvery" })
            Assert.Contains($"\"{key}\":", loaded.ResolvedJson);
        Assert.Contains("\n  \"steps\": 300,", loaded.ResolvedJson); // indented
    }

    [Fact]
    public void ResolvedJson_OfRichConfig_ReloadsToSameValues()
    {
        File.WriteAllText(Path.Combine(dir.Path, "corpus.txt"), "text");
        var loaded = Load("rich.json", """
            {"kind": "test.rich", "rate": 0.1, "label": "/ü\t", "limit": -3, "sizes": [3],
             "schedule": ["gelu"], "extra": {"depth": 1}, "corpus": "corpus.txt"}
            """);
        var again = Load("resolved.json", loaded.ResolvedJson);
        Assert.Equal(loaded.ResolvedJson, again.ResolvedJson);
        var (a, b) = (loaded.ConfigAs<TestRichConfig>(), again.ConfigAs<TestRichConfig>());
        // Arrays compare by reference in records, so compare them by content and the rest with them swapped in.
        Assert.Equal(a.Sizes, b.Sizes);
        Assert.Equal(a.Tags, b.Tags);
        Assert.Equal(a.Schedule, b.Schedule);
        Assert.Equal(a, b with { Sizes = a.Sizes, Tags = a.Tags, Schedule = a.Schedule });
        Assert.Equal(0.1, b.Rate); // shortest round-trip text keeps the double exact
    }

    [Fact]
    public void ShippedConfigs_AllLoad()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NeuroThermo.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        string[] files = Directory.GetFiles(Path.Combine(root, "configs"), "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files)
            ConfigLoader.Load(file, [], ExperimentRegistry.CreateBuiltIn());
    }
}
