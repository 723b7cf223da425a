using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>The small pieces under the loader: exact integer reading and name suggestions.</summary>
public sealed class ConfigPrimitivesTests
{
    [Theory]
    [InlineData("0", "Integer", 0L)]
    [InlineData("-0.0e-999999999999", "Integer", 0L)]
    [InlineData("300", "Integer", 300L)]
    [InlineData("3.0", "Integer", 3L)]
    [InlineData("1e5", "Integer", 100000L)]
    [InlineData("1.5E+1", "Integer", 15L)]
    [InlineData("-9223372036854775808", "Integer", long.MinValue)]
    [InlineData("9223372036854775807", "Integer", long.MaxValue)]
    [InlineData("2.5", "Fraction", 0L)]
    [InlineData("1e-400", "Fraction", 0L)]
    [InlineData("9223372036854775808", "TooLarge", 0L)]
    [InlineData("99999999999999999999", "TooLarge", 0L)]
    [InlineData("1e400", "TooLarge", 0L)]
    [InlineData("1e99999999999999999999", "TooLarge", 0L)]
    public void JsonInteger_ReadsExactly(string raw, string expected, long expectedValue)
    {
        Assert.Equal(expected, JsonInteger.Read(raw, out long value).ToString());
        Assert.Equal(expectedValue, value);
    }

    [Theory]
    [InlineData("steps", "steps", 0)]
    [InlineData("stpes", "steps", 1)] // one transposition
    [InlineData("step", "steps", 1)]
    [InlineData("lr", "learningRate", 10)]
    public void Distance_CountsTranspositionAsOneEdit(string a, string b, int expected)
    {
        Assert.Equal(expected, NearestName.Distance(a, b));
    }

    [Theory]
    [InlineData("learningrate", "learningRate")]
    [InlineData("batchsiz", "batchSize")]
    [InlineData("lr", null)]
    public void Suggest_OnlyPlausibleTypos(string input, string? expected)
    {
        string[] keys = ["hiddenWidth", "steps", "batchSize", "learningRate", "inputDim", "logEvery"];
        Assert.Equal(expected, NearestName.Suggest(input, keys));
    }
}
