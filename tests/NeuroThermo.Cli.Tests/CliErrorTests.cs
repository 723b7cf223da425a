using NeuroThermo.Tests.Experiments;

namespace NeuroThermo.Cli.Tests;

/// <summary>
/// Every class of mistake a user can make ends in exit code 2, one sentence on stderr naming what is wrong,
/// and nothing written: not even the runs directory.
/// </summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();

    public CliErrorTests() => dir.Write("corpus.txt", "tiny corpus");

    public void Dispose() => dir.Dispose();

    private string Runs => Path.Combine(dir.Path, "runs");

    public static TheoryData<string, string[], string> ConfigErrors => new()
    {
        { "{\"kind\": \"smoke.mlp\",\n  \"steps\": 3 \"x\"}", [], "is not valid JSON at line 2, column" },
        { "{\"kind\": \"smoke.mlp\", \"stepz\": 3}", [], "at $.stepz: unknown key 'stepz' (did you mean 'steps'?)" },
        { "{\"kind\": \"smoke.mlp\", \"steps\": \"many\"}", [], "at $.steps: expected an integer" },
        { "{\"kind\": \"smoke.mlp\", \"steps\": 0}", [], "at $.steps: expected an integer from 1 to" },
        { "{\"kind\": \"smoke.mpl\"}", [], "unknown experiment kind 'smoke.mpl' (did you mean 'smoke.mlp'?); known kinds are 'double-descent', 'mlp.approximation', 'mlp.backprop-check', 'mlp.train', 'smoke.mlp', 'test.rich'" },
        { "{\"kind\": \"test.rich\", \"corpus\": \"missing.txt\"}", [], "at $.corpus: expected an existing data file, but 'missing.txt' was not found" },
        { "{\"kind\": \"smoke.mlp\"}", ["--set", "learningRate=fast"], "Override 'learningRate=fast'" },
        { "{\"kind\": \"smoke.mlp\"}", ["--set", "hiddenWidth=1e400"], "at $.hiddenWidth" },
        { "{\"kind\": \"smoke.mlp\"}", ["--set", "kind=other"], "kind" },
        { "{\"kind\": \"test.rich\"}", [], "experiment kind 'test.rich' has no runner yet" },
    };

    [Theory]
    [MemberData(nameof(ConfigErrors))]
    public async Task ConfigError_ExitsWith2_SaysWhatIsWrong_AndWritesNothing(string text, string[] extra, string expected)
    {
        string config = dir.Write("bad.json", text);

        var result = await CliHost.RunAsync(["run", config, "--out", Runs, .. extra], TestConfigs.Registry());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error);
        Assert.Contains(config, result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(" at NeuroThermo", result.Error); // no stack trace
        Assert.False(Directory.Exists(Runs), "a config error created the runs directory");
    }

    [Fact]
    public async Task MissingConfigFile_ExitsWith2()
    {
        var result = await CliHost.RunAsync(["run", Path.Combine(dir.Path, "absent.json"), "--out", Runs]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error);
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public async Task Verbose_AddsTheStackTrace()
    {
        string config = dir.Write("bad.json", "{\"kind\": \"smoke.mlp\", \"steps\": -1}");
        var result = await CliHost.RunAsync(["run", config, "--out", Runs, "--verbose"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConfigException", result.Error);
        Assert.Contains(" at NeuroThermo", result.Error);
    }

    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "fly" }, "Unrecognized command or argument 'fly'")]
    [InlineData(new[] { "run" }, "Required argument 'config' missing")]
    [InlineData(new[] { "run", "a.json", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "report" }, "Required argument 'run-dir' missing")]
    public async Task UsageError_ExitsWith2(string[] args, string expected)
    {
        var result = await CliHost.RunAsync(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error);
        Assert.Contains("--help", result.Error);
    }

    [Theory]
    [InlineData("resume")]
    [InlineData("report")]
    [InlineData("sample")]
    public async Task RunDirectoryCommands_OnADirectoryThatIsNoRun_ExitWith2AndWriteNothing(string command)
    {
        string empty = Directory.CreateDirectory(Path.Combine(dir.Path, "not-a-run")).FullName;
        var result = await CliHost.RunAsync([command, empty]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"Run directory '{empty}' is not a run directory: it has no config.resolved.json.", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(empty));
    }
}
