using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>Registering kinds: programming errors in a config record are caught at registration.</summary>
public sealed class ExperimentRegistryTests
{
    public sealed record WithDictionary
    {
        public Dictionary<string, int> Table { get; init; } = [];
    }

    public sealed record WithReservedName
    {
        public long Seed { get; init; }
    }

    public sealed record WithBadDefault
    {
        [ConfigRange(1, 10)]
        public int Count { get; init; } // default 0 lies outside its own range
    }

    public sealed record WithSelf
    {
        public WithSelf? Next { get; init; }
    }

    public sealed record WithMisplacedRange
    {
        [ConfigRange(0, 1)]
        public string Text { get; init; } = "";
    }

    [Fact]
    public void BuiltIn_HasSmokeMlp_WithItsRunner()
    {
        var registry = ExperimentRegistry.CreateBuiltIn();
        Assert.True(registry.TryGet("smoke.mlp", out var kind));
        Assert.Equal(typeof(SmokeMlpConfig), kind.ConfigType);
        Assert.NotNull(kind.Runner);
        Assert.False(registry.TryGet("Smoke.MLP", out _));
    }

    [Fact]
    public void DuplicateName_IsRejected()
    {
        var registry = ExperimentRegistry.CreateBuiltIn();
        Assert.Throws<ArgumentException>(() => registry.Add(ExperimentKind.Create<SmokeMlpConfig>("smoke.mlp", "again")));
    }

    [Theory]
    [InlineData("Smoke.mlp")]
    [InlineData("smoke..mlp")]
    [InlineData("smoke mlp")]
    [InlineData("")]
    public void MalformedName_IsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => ExperimentKind.Create<SmokeMlpConfig>(name, "d"));
    }

    [Theory]
    [InlineData(typeof(WithDictionary), "Dictionary")]
    [InlineData(typeof(WithReservedName), "'seed'")]
    [InlineData(typeof(WithBadDefault), "expected an integer from 1 to 10, got 0")]
    [InlineData(typeof(WithSelf), "contains itself")]
    [InlineData(typeof(WithMisplacedRange), "[ConfigRange]")]
    public void UnsupportedConfigRecord_IsRejectedAtRegistration(Type configType, string fragment)
    {
        var error = Assert.Throws<ArgumentException>(() => new ExperimentKind("test.bad", configType, "d"));
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public async Task TypedRunner_ReceivesTypedConfig()
    {
        SmokeMlpConfig? seen = null;
        long seenSeed = -1;
        var kind = ExperimentKind.Create<SmokeMlpConfig>("smoke.typed", "d", (config, context, _) =>
        {
            seen = config;
            seenSeed = context.Seed;
            return Task.FromResult(RunOutcome.Interrupted);
        });
        var config = new SmokeMlpConfig { Steps = 3 };
        using var run = new TestRun(seed: 7);
        var outcome = await kind.Runner!(config, run.Context(), CancellationToken.None);
        Assert.Equal(RunOutcome.Interrupted, outcome);
        Assert.Equal(7, seenSeed);
        Assert.Same(config, seen);
    }
}
