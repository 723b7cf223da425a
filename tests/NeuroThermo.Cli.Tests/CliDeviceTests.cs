using NeuroThermo.Experiments;
using NeuroThermo.Tests.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Cli.Tests;

/// <summary>
/// <c>device</c> in configs and <c>--device</c> on the commands: a misspelt device or one this build lacks is a usage error
/// (exit code 2, one sentence, nothing written); <c>--device cpu</c> is what a run does anyway; the device a run was resumed
/// on is recorded, so the next resume keeps it. This machine's build is TorchSharp-cpu, so CUDA is always the refused case.
/// </summary>
public sealed class CliDeviceTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private string Runs => Path.Combine(dir.Path, "runs");

    private string TinyConfig(string extra = "") =>
        dir.Write("tiny.json", $$"""{"kind": "smoke.mlp", "steps": 6, "logEvery": 1, "checkpointEvery": 3, "hiddenWidth": 4 {{extra}}}""");

    private static string RunPath(CliResult result) =>
        result.Out.Split('\n').Select(l => l.Split(" → ")).First(p => p.Length == 2)[1].Split(' ')[0].Trim();

    private static List<(long, double)> Losses(string run) =>
        MetricsFile.Read(Path.Combine(run, "metrics.jsonl")).Records.Select(r => (r.Step, r.Values[SmokeMlpExperiment.LossMetric])).ToList();

    private static void AssertUsageError(CliResult result, string expected)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(" at NeuroThermo", result.Error);
    }

    [Fact]
    public void Device_DefaultsToCpu_AndIsInTheResolvedConfig()
    {
        var loaded = ConfigLoader.Load(TinyConfig(), [], ExperimentRegistry.CreateBuiltIn());

        Assert.Equal("cpu", loaded.ConfigAs<SmokeMlpConfig>().Device);
        Assert.Contains("\"device\": \"cpu\"", loaded.ResolvedJson);
    }

    [Theory]
    [InlineData(", \"device\": \"gpu\"", "at $.device: expected a device name (\"cpu\", \"cuda\" or \"cuda:N\" with N = 0, 1, …), got a string (\"gpu\")")]
    [InlineData(", \"device\": \"cuda:x\"", "at $.device: expected a device name")]
    [InlineData(", \"device\": \"CPU\"", "at $.device: expected a device name")]
    [InlineData(", \"device\": 0", "at $.device: expected a device name (\"cpu\", \"cuda\" or \"cuda:N\" with N = 0, 1, …), got 0")]
    public async Task MisspeltDeviceInTheConfig_ExitsWith2_NamingFileAndField_AndWritesNothing(string extra, string expected)
    {
        string config = TinyConfig(extra);

        var result = await CliHost.RunAsync(["run", config, "--out", Runs]);

        AssertUsageError(result, expected);
        Assert.Contains(config, result.Error);
        Assert.False(Directory.Exists(Runs), "a config error created the runs directory");
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public async Task CudaInTheConfig_OnACpuBuild_ExitsWith2_AndWritesNothing(string device)
    {
        string config = TinyConfig($", \"device\": \"{device}\"");

        var result = await CliHost.RunAsync(["run", config, "--out", Runs]);

        AssertUsageError(result, $"at $.device asks for device \"{device}\", but this build of NeuroThermo has libtorch for the CPU only (TorchSharp-cpu); build it with -p:TorchBackend=cuda");
        Assert.Contains(config, result.Error);
        Assert.False(Directory.Exists(Runs));
    }

    [Theory]
    [InlineData("cuda", "--device cuda cannot be used: this build of NeuroThermo has libtorch for the CPU only (TorchSharp-cpu)")]
    [InlineData("cuda:0", "--device cuda:0 cannot be used: this build of NeuroThermo has libtorch for the CPU only")]
    [InlineData("gpu", "--device takes cpu, cuda or cuda:N (N = 0, 1, …), not 'gpu'.")]
    public async Task DeviceOption_ThisBuildCannotUse_ExitsWith2_AndWritesNothing(string device, string expected)
    {
        var result = await CliHost.RunAsync(["run", TinyConfig(), "--out", Runs, "--device", device]);

        AssertUsageError(result, expected);
        Assert.False(Directory.Exists(Runs), "a refused device created the runs directory");
    }

    [Fact]
    public async Task DeviceOption_OnAKindThatTrainsNoModel_ExitsWith2()
    {
        string config = dir.Write("gates.json", """{"kind": "perceptron.gates"}""");

        var result = await CliHost.RunAsync(["run", config, "--out", Runs, "--device", "cpu"]);

        AssertUsageError(result, "is of experiment kind 'perceptron.gates', which trains no model and runs on the CPU, so it takes no device");
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public async Task DeviceCpu_OnTheShippedSmokeConfig_LogsTheLossesOfARunWithoutIt()
    {
        string config = ShippedConfig("smoke-mlp.json");

        var plain = await CliHost.RunAsync(["run", config, "--out", Path.Combine(dir.Path, "plain")]);
        var onCpu = await CliHost.RunAsync(["run", config, "--out", Path.Combine(dir.Path, "cpu"), "--device", "cpu"]);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(onCpu.ExitCode == 0, onCpu.ToString());
        var losses = Losses(RunPath(plain));
        Assert.NotEmpty(losses);
        Assert.Equal(losses, Losses(RunPath(onCpu)));
        Assert.Equal(File.ReadAllText(Path.Combine(RunPath(plain), "config.resolved.json")),
            File.ReadAllText(Path.Combine(RunPath(onCpu), "config.resolved.json")));
    }

    [Fact]
    public async Task Resume_OfARunStartedOnCuda_IsRefused_ThenResumeOnCpuIsRecordedAndKept()
    {
        var started = await CliHost.RunAsync(["run", TinyConfig(), "--out", Runs]);
        Assert.True(started.ExitCode == 0, started.ToString());
        string run = RunPath(started);
        string resolved = Path.Combine(run, "config.resolved.json");
        // As if the run had been started on a CUDA machine and copied here.
        File.WriteAllText(resolved, File.ReadAllText(resolved).Replace("\"device\": \"cpu\"", "\"device\": \"cuda\""));
        string asStarted = File.ReadAllText(resolved);

        var refused = await CliHost.RunAsync(["resume", run]);
        var refusedOption = await CliHost.RunAsync(["resume", run, "--device", "cuda:0"]);

        AssertUsageError(refused, $"Config file '{resolved}' at $.device asks for device \"cuda\", but this build of NeuroThermo has libtorch for the CPU only");
        AssertUsageError(refusedOption, "--device cuda:0 cannot be used");
        Assert.Equal(asStarted, File.ReadAllText(resolved));

        var onCpu = await CliHost.RunAsync(["resume", run, "--device", "cpu"]);
        var again = await CliHost.RunAsync(["resume", run]);

        Assert.True(onCpu.ExitCode == 0, onCpu.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("\"device\": \"cpu\"", File.ReadAllText(resolved));
        Assert.Equal(asStarted.Replace("\"device\": \"cuda\"", "\"device\": \"cpu\""), File.ReadAllText(resolved));
    }

    [Fact]
    public async Task Sample_OnCuda_IsRefusedBeforeTheModelIsRead()
    {
        var result = await CliHost.RunAsync(["sample", dir.Path, "--device", "cuda"]);

        AssertUsageError(result, "--device cuda cannot be used");
    }

    private static string ShippedConfig(string file)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NeuroThermo.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        return Path.Combine(root, "configs", file);
    }
}
