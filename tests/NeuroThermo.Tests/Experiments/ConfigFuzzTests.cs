using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>
/// Mutated variants of a valid config must load or fail with a <see cref="ConfigException"/>; any other
/// exception would reach the user as a stack trace.
/// </summary>
public sealed partial class ConfigFuzzTests : IDisposable
{
    private const int Variants = 1500;
    private const int Seed = 20261122;

    private const string ValidText = """
        // A valid config touching every value form; the fuzzer breaks it in many small ways.
        {
          "kind": "test.rich",
          "name": "fuzz",
          "seed": 12,
          "width": 20,
          "budget": 123456789012,
          "rate": 0.25, /* between 0 and 1 */
          "shuffle": false,
          "label": "text with \"escapes\" and ü",
          "note": null,
          "limit": 4,
          "sizes": [1, 2, 3],
          "tags": ["x", "y"],
          "schedule": ["gelu", "cosineWarmup"],
          "inner": {"depth": 3, "activation": "relu"},
          "extra": {"depth": 1},
          "corpus": "corpus.txt",
        }
        """;

    // Values swapped in for others: every JSON type, plus the numbers that break naive parsers.
    private static readonly string[] Replacements =
    [
        "\"str\"", "\"\"", "1", "-1", "0", "2.5", "true", "false", "null", "[]", "{}", "[1, \"a\"]", "{\"depth\": 2}",
        "1e400", "-1e400", "1e-400", "99999999999999999999", "-99999999999999999999", "9223372036854775808",
        "2147483648", "1.0e2", "\"relu\"", "\"\\ud800\"", "\"missing.txt\"", "\"/\"",
    ];

    private static readonly string[] Overrides =
    [
        "width=7", "width=x", "inner.depth=9", "inner.dpth=1", "extra={\"depth\": 2}", "sizes=[1e400]", "label=free text",
        "inner.activation=gelu", "seed=1e400", "name=a/b", "kind=smoke.mlp", "=1", "width", "rate=", "note=null",
        "width.x=1", "extra=[[[[[[]]]]]]", "tags=[\"a\",\"a\"]", "inner={\"depth\":1,\"depth\":2}",
    ];

    private const string Punctuation = "{}[]\",:.-+eE0123456789 \n\t\\/*tfnu";

    private readonly TempConfigDirectory dir = new();
    private readonly ExperimentRegistry registry = TestConfigs.Registry();

    public ConfigFuzzTests() => dir.Write("corpus.txt", "tiny corpus");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void ValidText_Loads()
    {
        var loaded = ConfigLoader.Load(dir.Write("valid.json", ValidText), [], registry);
        Assert.Equal(20, loaded.ConfigAs<TestRichConfig>().Width);
    }

    [Fact]
    public void MutatedConfigs_LoadOrFailWithConfigException()
    {
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        int loaded = 0, rejected = 0;
        for (int i = 0; i < Variants; i++)
        {
            string text = ValidText;
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations; m++)
                text = Mutate(text, random);
            string[] overrides = random.Next(4) == 0 ? [Overrides[random.Next(Overrides.Length)]] : [];
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (random.Next(20) == 0) // bytes that are not UTF-8 at all
                bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
            string path = dir.WriteBytes($"fuzz-{i}.json", bytes);
            try
            {
                ConfigLoader.Load(path, overrides, registry);
                loaded++;
            }
            catch (ConfigException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.False(e.Message.Contains('\n'), $"variant {i}: message spans lines: {e.Message}");
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Variant {i} (seed {Seed}) with overrides [{string.Join(", ", overrides)}] threw "
                            + $"{e.GetType().Name}: {e.Message}\n{text}");
            }
        }
        // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
        Assert.True(loaded > 50, $"only {loaded} variants loaded");
        Assert.True(rejected > 500, $"only {rejected} variants were rejected");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"fuzzing took {clock.Elapsed}");
    }

    private static string Mutate(string text, Random random)
    {
        switch (random.Next(7))
        {
            case 0: // delete a short span
                int start = random.Next(text.Length);
                return text.Remove(start, Math.Min(random.Next(1, 6), text.Length - start));
            case 1: // insert random characters, mostly JSON punctuation, sometimes any UTF-16 unit
                int at = random.Next(text.Length + 1);
                var inserted = new StringBuilder();
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    inserted.Append(random.Next(3) == 0
                        ? (char)random.Next(0, 0x10000)
                        : Punctuation[random.Next(Punctuation.Length)]);
                }
                return text.Insert(at, inserted.ToString());
            case 2: // swap a value for one of another type or an extreme number
                return ReplaceRandomValue(text, random, Replacements[random.Next(Replacements.Length)]);
            case 3: // deep nesting
                int depth = random.Next(20, 201);
                string deep = random.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"depth\": ", depth)) + "1" + new string('}', depth);
                return ReplaceRandomValue(text, random, deep);
            case 4: // duplicate a key: repeat one "key": value line
                var lines = text.Split('\n').ToList();
                int keyLine = random.Next(2, lines.Count - 1);
                lines.Insert(keyLine, lines[keyLine]);
                return string.Join('\n', lines);
            case 5: // an unknown or misspelt key
                int brace = text.IndexOf('{');
                string key = random.Next(2) == 0 ? "widht" : "z" + random.Next(1000);
                return text.Insert(brace + 1, $"\"{key}\": 1,");
            default: // huge or odd numbers where numbers stand
                var numbers = NumberPattern().Matches(text);
                if (numbers.Count == 0)
                    return text;
                var number = numbers[random.Next(numbers.Count)];
                string[] odd = ["1e400", "99999999999999999999", "-0", "1e-400", "0.1e1", new string('9', 400)];
                return text.Remove(number.Index, number.Length).Insert(number.Index, odd[random.Next(odd.Length)]);
        }
    }

    private static string ReplaceRandomValue(string text, Random random, string replacement)
    {
        var values = ValuePattern().Matches(text);
        if (values.Count == 0)
            return text;
        var value = values[random.Next(values.Count)].Groups[1];
        return text.Remove(value.Index, value.Length).Insert(value.Index, replacement);
    }

    // A value after a colon, up to the next comma, closing bracket or line end (good enough to mutate).
    [GeneratedRegex(@":\s*([^,\}\]\n]+)")]
    private static partial Regex ValuePattern();

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex NumberPattern();
}
