using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>One test per kind of mistake in a config file: each must end in a ConfigException whose single
/// sentence names the file, the JSON path and what was expected.</summary>
public sealed class ConfigLoaderErrorTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();
    private readonly ExperimentRegistry registry = TestConfigs.Registry();

    public void Dispose() => dir.Dispose();

    private ConfigException Fails(string text, string fileName = "bad.json")
    {
        string path = dir.Write(fileName, text);
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, [], registry));
        Assert.Equal(path, error.File);
        Assert.Contains(fileName, error.Message);
        Assert.Null(error.Override);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void MissingFile_SaysWhereItLooked()
    {
        string path = Path.Combine(dir.Path, "absent.json");
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, [], registry));
        Assert.Contains("absent.json", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.Null(error.JsonPath);
    }

    [Fact]
    public void InvalidJson_GivesOneBasedLineAndColumn()
    {
        var error = Fails("{\n  \"kind\": \"smoke.mlp\",\n  \"steps\": }\n");
        Assert.Equal(3, error.Line);
        Assert.Equal(12, error.Column);
        Assert.Contains("is not valid JSON at line 3, column 12", error.Message);
    }

    [Fact]
    public void InvalidJson_ColumnCountsCharactersNotBytes()
    {
        // "é" is two bytes in UTF-8; the column must still count it as one character.
        var error = Fails("{\"kind\": \"é\" x}");
        Assert.Equal(1, error.Line);
        Assert.Equal(14, error.Column);
    }

    [Fact]
    public void UnclosedObject_IsInvalidJson()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\"");
        Assert.Contains("not valid JSON", error.Message);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("[1, 2]", "got an array")]
    [InlineData("42", "got a number")]
    [InlineData("null", "got null")]
    public void TopLevelNotObject_IsRejected(string text, string got)
    {
        var error = Fails(text);
        Assert.Equal("$", error.JsonPath);
        Assert.Contains("expected an object at the top level", error.Message);
        Assert.Contains(got, error.Message);
    }

    [Fact]
    public void MissingKind_ListsKnownKinds()
    {
        var error = Fails("{\"steps\": 10}");
        Assert.Contains("missing the required key 'kind'", error.Message);
        Assert.Contains("'smoke.mlp'", error.Message);
    }

    [Fact]
    public void UnknownKind_SuggestsAndListsKnownKinds()
    {
        var error = Fails("{\"kind\": \"smoke.mpl\"}");
        Assert.Equal("$.kind", error.JsonPath);
        Assert.Contains("unknown experiment kind 'smoke.mpl'", error.Message);
        Assert.Contains("did you mean 'smoke.mlp'?", error.Message);
        // Every registered kind, in name order; built from the registry so that adding a built-in kind keeps this true.
        var known = string.Join(", ", TestConfigs.Registry().Kinds.Select(k => $"'{k.Name}'"));
        Assert.Contains($"known kinds are {known}", error.Message);
        // Both the built-in and the test kind are listed (not necessarily next to each other: spinglass.anneal sorts between them).
        Assert.Contains("'smoke.mlp'", known);
        Assert.Contains("'test.rich'", known);
    }

    [Fact]
    public void KindNotString_IsRejected()
    {
        var error = Fails("{\"kind\": 3}");
        Assert.Contains("expected a string naming the experiment kind, got a number", error.Message);
    }

    [Fact]
    public void UnknownKey_SuggestsNearestValidKey()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"learnignRate\": 0.1}");
        Assert.Equal("$.learnignRate", error.JsonPath);
        Assert.Contains("unknown key 'learnignRate' (did you mean 'learningRate'?)", error.Message);
    }

    [Fact]
    public void UnknownKey_FarFromAnyKey_ListsValidKeys()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"lr\": 0.1}");
        Assert.Contains("unknown key 'lr'; expected one of", error.Message);
        Assert.Contains("'learningRate'", error.Message);
    }

    [Fact]
    public void UnknownKey_InNestedRecord_NamesFullPath()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"inner\": {\"dpeth\": 3}}");
        Assert.Equal("$.inner.dpeth", error.JsonPath);
        Assert.Contains("did you mean 'depth'?", error.Message);
    }

    [Fact]
    public void WrongType_SaysExpectedAndGot()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"steps\": \"300\"}");
        Assert.Equal("$.steps", error.JsonPath);
        Assert.Contains("expected an integer from 1 to 100000000, got a string (\"300\")", error.Message);
    }

    [Theory]
    [InlineData("\"shuffle\": 1", "$.shuffle", "expected true or false, got 1")]
    [InlineData("\"label\": false", "$.label", "expected a string, got false")]
    [InlineData("\"sizes\": [4, \"8\"]", "$.sizes[1]", "expected an integer from 1 to 64, got a string")]
    [InlineData("\"tags\": \"a\"", "$.tags", "expected an array of strings, got a string")]
    [InlineData("\"inner\": 3", "$.inner", "expected an object, got 3")]
    public void WrongType_InEveryValueForm(string entry, string path, string fragment)
    {
        var error = Fails($"{{\"kind\": \"test.rich\", {entry}}}");
        Assert.Equal(path, error.JsonPath);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void NonIntegralNumber_ForInt_IsRejected()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"steps\": 2.5}");
        Assert.Contains("expected an integer from 1 to 100000000, got 2.5", error.Message);
    }

    [Fact]
    public void NumberBeyondInt32_ForInt_NamesTheTypeRange()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"limit\": 2147483648}");
        Assert.Equal("$.limit", error.JsonPath);
        Assert.Contains("expected an integer from -2147483648 to 2147483647, got 2147483648", error.Message);
    }

    [Theory]
    [InlineData("budget", "99999999999999999999", "expected an integer from -9223372036854775808 to 9223372036854775807")]
    [InlineData("budget", "1e400", "expected an integer from")]
    [InlineData("rate", "1e400", "expected a finite number greater than 0 and at most 1, got 1e400")]
    [InlineData("rate", "-1e400", "got -1e400")]
    public void HugeNumbers_AreRejected(string key, string number, string fragment)
    {
        var error = Fails($"{{\"kind\": \"test.rich\", \"{key}\": {number}}}");
        Assert.Equal("$." + key, error.JsonPath);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Null_WhereNotAllowed_IsRejected()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"label\": null}");
        Assert.Equal("$.label", error.JsonPath);
        Assert.Contains("expected a string, got null", error.Message);
    }

    [Fact]
    public void Null_InsideArray_IsRejected()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"tags\": [\"a\", null]}");
        Assert.Equal("$.tags[1]", error.JsonPath);
        Assert.Contains("expected a string, got null", error.Message);
    }

    [Fact]
    public void ObjectWhereScalarExpected_IsNestingTheConfigDoesNotAllow()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"hiddenWidth\": {\"value\": 32}}");
        Assert.Equal("$.hiddenWidth", error.JsonPath);
        Assert.Contains("expected an integer from 1 to 65536, got an object", error.Message);
    }

    [Fact]
    public void DeepNesting_IsRejectedWithPath()
    {
        string deep = new string('[', 200) + new string(']', 200);
        var error = Fails($"{{\"kind\": \"smoke.mlp\", \"steps\": {deep}}}");
        Assert.Equal("$.steps[0]", error.JsonPath);
        Assert.Contains("nest more than 32 levels deep", error.Message);
    }

    [Fact]
    public void ValueOutOfRange_NamesTheRange()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"learningRate\": 0}");
        Assert.Equal("$.learningRate", error.JsonPath);
        Assert.Contains("expected a finite number greater than 0 and at most 10, got 0", error.Message);
    }

    [Fact]
    public void ValueOutOfRange_InNestedRecord()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"inner\": {\"depth\": 9}}");
        Assert.Equal("$.inner.depth", error.JsonPath);
        Assert.Contains("expected an integer from 1 to 8, got 9", error.Message);
    }

    [Fact]
    public void UnknownEnumValue_ListsNamesAndSuggests()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"inner\": {\"activation\": \"Relu\"}}");
        Assert.Equal("$.inner.activation", error.JsonPath);
        Assert.Contains("expected one of 'relu', 'gelu', 'cosineWarmup', got a string (\"Relu\") (did you mean 'relu'?)", error.Message);
    }

    [Fact]
    public void MissingDataFile_SaysWhereItLooked()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"corpus\": \"corpora/missing.txt\"}");
        Assert.Equal("$.corpus", error.JsonPath);
        Assert.Contains("expected an existing data file, but 'corpora/missing.txt' was not found", error.Message);
        Assert.Contains(Path.Combine(dir.Path, "corpora", "missing.txt"), error.Message);
        Assert.Contains(Path.Combine(Directory.GetCurrentDirectory(), "corpora", "missing.txt"), error.Message);
    }

    [Fact]
    public void DuplicateKey_IsRejected()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"steps\": 10, \"steps\": 20}");
        Assert.Equal("$.steps", error.JsonPath);
        Assert.Contains("duplicate key 'steps'", error.Message);
    }

    [Fact]
    public void DuplicateKey_InNestedObject_NamesFullPath()
    {
        var error = Fails("{\"kind\": \"test.rich\", \"inner\": {\"depth\": 1, \"depth\": 2}}");
        Assert.Equal("$.inner.depth", error.JsonPath);
    }

    [Fact]
    public void RunName_WithSlash_IsRejected()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"name\": \"../escape\"}");
        Assert.Equal("$.name", error.JsonPath);
        Assert.Contains("expected a run name", error.Message);
    }

    [Fact]
    public void Seed_MustBeAnInteger()
    {
        var error = Fails("{\"kind\": \"smoke.mlp\", \"seed\": 1.5}");
        Assert.Equal("$.seed", error.JsonPath);
        Assert.Contains("expected an integer, got 1.5", error.Message);
    }
}
