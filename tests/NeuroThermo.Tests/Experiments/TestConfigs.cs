using System.Text;
using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>An enum for the test kind; its JSON names are "relu", "gelu" and "cosineWarmup".</summary>
public enum TestActivation { Relu, Gelu, CosineWarmup }

/// <summary>A nested record, to exercise paths like $.inner.depth.</summary>
public sealed record TestInnerConfig
{
    [ConfigRange(1, 8)]
    public int Depth { get; init; } = 2; // small, so a default is well inside the range

    public TestActivation Activation { get; init; } = TestActivation.Gelu;
}

/// <summary>A config using every value form the loader supports.</summary>
public sealed record TestRichConfig
{
    [ConfigRange(1, 1000)]
    public int Width { get; init; } = 16;

    public long Budget { get; init; } = 10_000_000_000; // beyond Int32, so long binding is really exercised

    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double Rate { get; init; } = 0.5;

    public bool Shuffle { get; init; } = true;

    public string Label { get; init; } = "demo";

    public string? Note { get; init; }

    public int? Limit { get; init; }

    [ConfigRange(1, 64)]
    public int[] Sizes { get; init; } = [4, 8];

    public IReadOnlyList<string> Tags { get; init; } = ["a"];

    public List<TestActivation> Schedule { get; init; } = [TestActivation.Relu];

    public TestInnerConfig Inner { get; init; } = new();

    public TestInnerConfig? Extra { get; init; }

    [DataFile]
    public string? Corpus { get; init; }
}

/// <summary>Registries and file helpers shared by the config tests.</summary>
internal static class TestConfigs
{
    public const string RichKind = "test.rich";

    /// <summary>The built-in kinds plus <see cref="RichKind"/>.</summary>
    public static ExperimentRegistry Registry()
    {
        var registry = ExperimentRegistry.CreateBuiltIn();
        registry.Add(ExperimentKind.Create<TestRichConfig>(RichKind, "Exercises every config value form in tests."));
        return registry;
    }
}

/// <summary>A fresh temporary directory for config files, deleted on dispose.</summary>
internal sealed class TempConfigDirectory : IDisposable
{
    public TempConfigDirectory() =>
        Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nt-config-" + Guid.NewGuid().ToString("N")));

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="fileName"/> here and returns its path.
    /// Lone surrogates become U+FFFD, as in any editor, instead of failing the write.</summary>
    public string Write(string fileName, string text) => WriteBytes(fileName, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes raw bytes, which need not be valid UTF-8.</summary>
    public string WriteBytes(string fileName, byte[] bytes)
    {
        string file = System.IO.Path.Combine(Path, fileName);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
