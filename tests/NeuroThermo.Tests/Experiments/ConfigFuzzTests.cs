using System.Text;
using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>
/// Mutated variants of a valid config must load or fail with a <see cref="ConfigException"/>; any other
/// exception would reach the user as a stack trace.
/// </summary>
public sealed class ConfigFuzzTests : IDisposable
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

    private static readonly string[] Overrides =
    [
        "width=7", "width=x", "inner.depth=9", "inner.dpth=1", "extra={\"depth\": 2}", "sizes=[1e400]", "label=free text",
        "inner.activation=gelu", "seed=1e400", "name=a/b", "kind=smoke.mlp", "=1", "width", "rate=", "note=null",
        "width.x=1", "extra=[[[[[[]]]]]]", "tags=[\"a\",\"a\"]", "inner={\"depth\":1,\"depth\":2}",
    ];

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
        int loaded = 0, rejected = 0;
        for (int i = 0; i < Variants; i++)
        {
            string text = ValidText;
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations; m++)
                text = ConfigMutator.Mutate(text, random);
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
    }
}
