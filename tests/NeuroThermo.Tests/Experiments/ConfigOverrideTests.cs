using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary><c>--set path=value</c> overrides: applied with the same checks as the file, errors naming the
/// override text.</summary>
public sealed class ConfigOverrideTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();
    private readonly ExperimentRegistry registry = TestConfigs.Registry();
    private readonly string richFile;

    public ConfigOverrideTests() =>
        richFile = dir.Write("rich.json", "{\"kind\": \"test.rich\", \"inner\": {\"depth\": 3}}");

    public void Dispose() => dir.Dispose();

    private TestRichConfig Rich(params string[] overrides) =>
        ConfigLoader.Load(richFile, overrides, registry).ConfigAs<TestRichConfig>();

    private ConfigException Fails(params string[] overrides)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(richFile, overrides, registry));
        Assert.Contains("rich.json", error.Message);
        return error;
    }

    [Fact]
    public void Overrides_SetValuesOfEveryForm()
    {
        var config = Rich("width=12", "rate=1e-3", "shuffle=false", "label=hello world", "note=\"quoted\"",
                          "sizes=[2, 3]", "inner.activation=cosineWarmup", "extra.depth=5", "budget=3");
        Assert.Equal(12, config.Width);
        Assert.Equal(1e-3, config.Rate);
        Assert.False(config.Shuffle);
        Assert.Equal("hello world", config.Label);
        Assert.Equal("quoted", config.Note);
        Assert.Equal([2, 3], config.Sizes);
        Assert.Equal(new TestInnerConfig { Depth = 3, Activation = TestActivation.CosineWarmup }, config.Inner);
        Assert.Equal(new TestInnerConfig { Depth = 5 }, config.Extra);
        Assert.Equal(3, config.Budget);
    }

    [Fact]
    public void LaterOverride_Wins()
    {
        Assert.Equal(7, Rich("width=5", "width=7").Width);
    }

    [Fact]
    public void NullOverride_ClearsNullableValue()
    {
        Assert.Null(Rich("note=\"x\"", "note=null").Note);
    }

    [Fact]
    public void SeedAndName_CanBeOverridden()
    {
        var loaded = ConfigLoader.Load(richFile, ["seed=42", "name=sweep-1"], registry);
        Assert.Equal(42, loaded.Seed);
        Assert.Equal("sweep-1", loaded.RunName);
    }

    [Fact]
    public void UnknownPath_SuggestsAndNamesOverride()
    {
        var error = Fails("inner.dpth=4");
        Assert.Equal("inner.dpth=4", error.Override);
        Assert.Equal("$.inner.dpth", error.JsonPath);
        Assert.Contains("Override 'inner.dpth=4'", error.Message);
        Assert.Contains("unknown key 'dpth' (did you mean 'depth'?)", error.Message);
    }

    [Fact]
    public void WrongType_NamesOverrideAndPath()
    {
        var error = Fails("width=wide");
        Assert.Equal("width=wide", error.Override);
        Assert.Equal("$.width", error.JsonPath);
        Assert.Contains("expected an integer from 1 to 1000, got 'wide', which is not a JSON value", error.Message);

        error = Fails("inner.depth=\"4\"");
        Assert.Equal("$.inner.depth", error.JsonPath);
        Assert.Contains("Override 'inner.depth=\"4\"'", error.Message);
        Assert.Contains("expected an integer from 1 to 8, got a string (\"4\")", error.Message);
    }

    [Fact]
    public void InvalidJsonValue_ColumnPointsIntoOverrideText()
    {
        var error = Fails("sizes=[1,,2]");
        Assert.Contains("is not valid JSON at column 10", error.Message);
        Assert.Equal(10, error.Column);
    }

    [Fact]
    public void DuplicateKey_InsideOverrideValue_NamesConfigPath()
    {
        var error = Fails("extra={\"depth\": 1, \"depth\": 2}");
        Assert.Equal("$.extra.depth", error.JsonPath);
        Assert.Contains("duplicate key 'depth'", error.Message);
    }

    [Fact]
    public void OutOfRange_InsideOverriddenObject_NamesOverride()
    {
        var error = Fails("extra={\"depth\": 0}");
        Assert.Equal("$.extra.depth", error.JsonPath);
        Assert.Equal("extra={\"depth\": 0}", error.Override);
        Assert.Contains("expected an integer from 1 to 8, got 0", error.Message);
    }

    [Fact]
    public void UnknownEnumName_NamesOverride()
    {
        var error = Fails("inner.activation=gleu");
        Assert.Contains("did you mean 'gelu'?", error.Message);
        Assert.Equal("inner.activation=gleu", error.Override);
    }

    [Theory]
    [InlineData("width")]
    [InlineData("=3")]
    [InlineData("inner..depth=3")]
    public void MalformedOverride_SaysTheForm(string text)
    {
        var error = Fails(text);
        Assert.Contains($"Override '{text}'", error.Message);
        Assert.Contains("is not of the form path=value", error.Message);
    }

    [Fact]
    public void PathThroughScalar_IsRejected()
    {
        var error = Fails("width.x=3");
        Assert.Equal("$.width", error.JsonPath);
        Assert.Contains("holds an integer from 1 to 1000, not an object, so it has no key 'x'", error.Message);
    }

    [Fact]
    public void Kind_CannotBeOverridden()
    {
        var error = Fails("kind=smoke.mlp");
        Assert.Contains("the experiment kind cannot be overridden", error.Message);
    }

    [Fact]
    public void FileErrorOutsideOverride_IsStillTheFiles()
    {
        string file = dir.Write("typo.json", "{\"kind\": \"test.rich\", \"widht\": 3}");
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file, ["width=4"], registry));
        Assert.Null(error.Override);
        Assert.StartsWith("Config file '", error.Message);
    }

    [Fact]
    public void OverrideBelowFileScalar_ReportsTheFileValue()
    {
        string file = dir.Write("scalar.json", "{\"kind\": \"test.rich\", \"extra\": 5}");
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file, ["extra.depth=4"], registry));
        Assert.Equal("$.extra", error.JsonPath);
        Assert.Null(error.Override);
        Assert.Contains("expected an object, got a number", error.Message);
    }
}
