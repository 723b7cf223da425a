using System.Text;
using NeuroThermo.Experiments;
using NeuroThermo.Tests.Experiments;
using Xunit.Abstractions;

namespace NeuroThermo.Cli.Tests;

/// <summary>
/// Mutated config files and overrides, fed to <c>neurothermo run</c> in-process: each one must end in a complete
/// run (exit 0) or a clean usage error (exit 2, one message, no stack trace, nothing written), never in an
/// unhandled exception or a half-written run.
/// </summary>
public sealed class CliFuzzTests(ITestOutputHelper log) : IDisposable
{
    private const int Variants = 1000;
    private const int Seed = 20261123;

    // Steps and sizes are tiny so that the variants that stay valid run in milliseconds.
    private const string ValidText = """
        // A valid smoke.mlp config; the fuzzer breaks it in many small ways.
        {
          "kind": "smoke.mlp",
          "name": "fuzz",
          "seed": 12,
          "steps": 2,
          "hiddenWidth": 4,
          "batchSize": 8,
          "learningRate": 0.01, /* a comment */
          "inputDim": 3,
          "logEvery": 1,
          "checkpointEvery": 1,
        }
        """;

    private static readonly string[][] ExtraArguments =
    [
        ["--set", "steps=1"], ["--set", "steps=x"], ["--set", "hiddenWidth=0"], ["--set", "learningRate=1e400"],
        ["--set", "seed=-3"], ["--set", "name=a/b"], ["--set", "kind=smoke.mlp"], ["--set", "=1"], ["--set", "stepz=1"],
        ["--set", "logEvery={}"], ["--set"], ["--bogus"], ["--set", "name=renamed", "--set", "name=again"],
    ];

    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task MutatedConfigs_RunOrFailCleanlyWithExitCode2()
    {
        var registry = CappedRegistry();
        var random = new Random(Seed);
        int ran = 0, rejected = 0;
        for (int i = 0; i < Variants; i++)
        {
            string text = ValidText;
            // A tenth stay intact, so that the overrides alone are fuzzed on a valid file too.
            for (int m = random.Next(10) == 0 ? 0 : random.Next(1, 3); m > 0; m--)
                text = ConfigMutator.Mutate(text, random);
            string[] extra = random.Next(4) == 0 ? ExtraArguments[random.Next(ExtraArguments.Length)] : [];
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            if (random.Next(20) == 0) // bytes that are not UTF-8 at all
                bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
            string config = dir.WriteBytes($"fuzz-{i}.json", bytes);
            string runs = Path.Combine(dir.Path, $"runs-{i}");

            CliResult result;
            try
            {
                result = await CliHost.RunAsync(["run", config, "--out", runs, .. extra], registry);
            }
            catch (Exception e)
            {
                Assert.Fail($"Variant {i} (seed {Seed}) with [{string.Join(' ', extra)}] threw {e}\n{text}");
                throw;
            }

            string context = $"variant {i} (seed {Seed}) with [{string.Join(' ', extra)}]: {result}\n{text}";
            Assert.DoesNotContain(" at NeuroThermo", result.Error);
            if (result.ExitCode == 0)
            {
                ran++;
                string run = Assert.Single(Directory.GetDirectories(runs));
                foreach (string file in new[] { "config.resolved.json", "metrics.jsonl", "report.html", "checkpoints/latest.json" })
                    Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing: {context}");
            }
            else
            {
                Assert.True(result.ExitCode == 2, context);
                Assert.False(string.IsNullOrWhiteSpace(result.Error), context);
                Assert.False(Directory.Exists(runs), $"an error wrote a run directory: {context}");
                rejected++;
            }
        }
        log.WriteLine($"{ran} ran, {rejected} rejected");
        // Both outcomes must occur often, or the mutations are too weak (or too strong) to test anything.
        Assert.True(ran > 80, $"only {ran} variants ran");
        Assert.True(rejected > 500, $"only {rejected} variants were rejected");
    }

    /// <summary>
    /// smoke.mlp with its sizes capped: a mutation may turn "steps": 2 into a valid 29999999, which is a correct
    /// config but not one to train inside a test. The CLI's handling of the run is what is under test here.
    /// </summary>
    private static ExperimentRegistry CappedRegistry()
    {
        var registry = new ExperimentRegistry();
        registry.Add(ExperimentKind.Create<SmokeMlpConfig>("smoke.mlp", "smoke.mlp with capped sizes",
            (config, context, token) => SmokeMlpExperiment.RunAsync(
                config with
                {
                    Steps = Math.Min(config.Steps, 3),
                    HiddenWidth = Math.Min(config.HiddenWidth, 8),
                    BatchSize = Math.Min(config.BatchSize, 16),
                    InputDim = Math.Min(config.InputDim, 8),
                },
                context, token)));
        return registry;
    }
}
