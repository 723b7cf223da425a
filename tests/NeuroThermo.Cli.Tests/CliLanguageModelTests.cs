namespace NeuroThermo.Cli.Tests;

/// <summary><c>run</c> and <c>sample</c> of the language model, end to end and in-process.</summary>
public sealed class CliLanguageModelTests : IDisposable
{
    private readonly NeuroThermo.Tests.Experiments.TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private string Runs => Path.Combine(dir.Path, "runs");

    private string TinyConfig(string corpus)
    {
        dir.Write("corpus.json", $$"""{ "path": "{{corpus}}", "documentSeparator": "%" }""");
        return dir.Write("lm.json", """
            {"kind": "lm.train", "corpus": "corpus.json", "contextLength": 8, "embeddingSize": 8, "layerCount": 1,
             "headCount": 2, "batchSize": 4, "steps": 6, "warmupSteps": 1, "evalEvery": 3, "evalBatches": 1,
             "sampleTokens": 5}
            """);
    }

    private static string RunPath(CliResult result) =>
        result.Out.Split('\n').Select(l => l.Split(" → ")).First(p => p.Length == 2)[1].Split(' ')[0].Trim();

    [Fact]
    public async Task RunThenSample_PrintsTheRequestedTokensAndTheirLogProbability()
    {
        dir.Write("cookies.txt", string.Concat(Enumerable.Repeat("to be or not to be\n%\n", 40)));
        var run = await CliHost.RunAsync(["run", TinyConfig("cookies.txt"), "--out", Runs]);
        Assert.True(run.ExitCode == 0, run.ToString());

        var sample = await CliHost.RunAsync(["sample", RunPath(run), "--temperature", "0", "--tokens", "12", "--prompt", "to "]);
        Assert.True(sample.ExitCode == 0, sample.ToString());
        Assert.StartsWith("to ", sample.Out);
        Assert.Contains("# ln p of the new tokens: 0.00", sample.Out); // greedy: every drawn token has probability 1
    }

    [Fact]
    public async Task Sample_AtSeveralTemperaturesPrintsEachSampleUnderItsHeading()
    {
        dir.Write("cookies.txt", string.Concat(Enumerable.Repeat("to be or not to be\n%\n", 40)));
        var run = await CliHost.RunAsync(["run", TinyConfig("cookies.txt"), "--out", Runs]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var prompt = dir.Write("prompt.txt", "not ");

        var sample = await CliHost.RunAsync(["sample", RunPath(run), "--temperature", "0,1.5", "--samples", "2", "--tokens", "6",
            "--prompt-file", prompt, "--seed", "4"]);
        Assert.True(sample.ExitCode == 0, sample.ToString());
        var lines = sample.Out.Split('\n');
        foreach (var heading in new[] { "# T = 0, sample 1 of 2, seed 4", "# T = 0, sample 2 of 2, seed 5", "# T = 1.5, sample 1 of 2, seed 4", "# T = 1.5, sample 2 of 2, seed 5" })
            Assert.Contains(heading, lines);
        Assert.Equal(4, lines.Count(line => line.StartsWith("not ", StringComparison.Ordinal)));
        // Greedy samples do not depend on the seed; ln p is 0 for both.
        Assert.Equal(2, lines.Count(line => line.StartsWith("# ln p of the new tokens: 0.00;", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--temperature", "0.5,hot", "'hot' is not a number")]
    [InlineData("--samples", "0", "--samples must be at least 1")]
    [InlineData("--prompt-file", "absent-prompt.txt", "does not exist")]
    public async Task Sample_WithABadOptionSaysWhichAndExitsWith2(string option, string value, string message)
    {
        dir.Write("cookies.txt", string.Concat(Enumerable.Repeat("to be or not to be\n%\n", 40)));
        var run = await CliHost.RunAsync(["run", TinyConfig("cookies.txt"), "--out", Runs]);
        Assert.True(run.ExitCode == 0, run.ToString());

        var sample = await CliHost.RunAsync(["sample", RunPath(run), option, value]);
        Assert.Equal(2, sample.ExitCode);
        Assert.Contains(message, sample.Error);
    }

    [Fact]
    public async Task Run_OfAMissingCorpusSaysWhereItLookedAndExitsWith2()
    {
        var result = await CliHost.RunAsync(["run", TinyConfig("absent.txt"), "--out", Runs]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.txt", result.Error);
        Assert.Contains("does not exist", result.Error);
    }
}
