using NeuroThermo.Experiments;
using NeuroThermo.Tests.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Cli.Tests;

/// <summary>The commands end to end, in-process: run, report, resume, sample, list and help.</summary>
public sealed class CliRunTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private string Runs => Path.Combine(dir.Path, "runs");

    private string TinyConfig(string extra = "") =>
        dir.Write("tiny.json", $$"""{"kind": "smoke.mlp", "steps": 12, "logEvery": 1, "checkpointEvery": 5, "hiddenWidth": 6 {{extra}}}""");

    private static string RunPath(CliResult result) =>
        result.Out.Split('\n').Select(l => l.Split(" → ")).First(p => p.Length == 2)[1].Split(' ')[0].Trim();

    [Fact]
    public async Task Run_ProducesACompleteRunDirectory_AndReportRebuildsIt()
    {
        var result = await CliHost.RunAsync(["run", TinyConfig(), "--out", Runs, "--set", "seed=4"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string run = RunPath(result);
        Assert.Equal(Path.Combine(Runs, "tiny-20261122-120000"), run);
        Assert.Contains("\"seed\": 4", File.ReadAllText(Path.Combine(run, "config.resolved.json")));
        Assert.Equal(12, MetricsFile.Read(Path.Combine(run, "metrics.jsonl")).Records.Count);
        Assert.Equal(12, new CheckpointStore(Path.Combine(run, "checkpoints")).LatestStep());
        Assert.True(File.Exists(Path.Combine(run, "plots", "metric-loss.svg")));
        Assert.Contains("step     12  loss", result.Out);
        Assert.Contains("training: 12/12 steps (100%)", result.Out);

        File.Delete(Path.Combine(run, "report.html"));
        File.Delete(Path.Combine(run, "plots", "metric-loss.svg"));
        var report = await CliHost.RunAsync(["report", run]);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("(1 plot(s), 0 image(s))", report.Out);
        Assert.Contains("plots/metric-loss.svg", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    public async Task Interrupted_ExitsWith130_ThenResumeFinishesWithTheLossesOfAnUninterruptedRun()
    {
        var straight = await CliHost.RunAsync(["run", TinyConfig(), "--out", Path.Combine(dir.Path, "straight")]);
        using var interrupt = new CancellationTokenSource();

        var stopped = await CliHost.RunAsync(["run", TinyConfig(), "--out", Runs], InterruptingRegistry(7, interrupt), cancellationToken: interrupt.Token);

        Assert.True(stopped.ExitCode == 130, stopped.ToString());
        string run = RunPath(stopped);
        Assert.Equal(7, new CheckpointStore(Path.Combine(run, "checkpoints")).LatestStep());
        Assert.True(File.Exists(Path.Combine(run, "report.html")));

        var resumed = await CliHost.RunAsync(["resume", run]);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resuming from the checkpoint of step 7", resumed.Out);
        Assert.Equal(Losses(RunPath(straight)), Losses(run));
    }

    [Fact]
    public async Task FailureDuringARun_ExitsWith1_InOneLine_AndKeepsWhatWasWritten()
    {
        var registry = new ExperimentRegistry();
        registry.Add(ExperimentKind.Create<SmokeMlpConfig>("smoke.mlp", "fails", (_, _, _) =>
            throw new InvalidOperationException("the engine broke\nsecond line")));

        var result = await CliHost.RunAsync(["run", TinyConfig(), "--out", Runs], registry);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("The run failed: the engine broke (--verbose shows the details)\n", result.Error);
        Assert.True(File.Exists(Path.Combine(RunPath(result), "config.resolved.json")));

        var verbose = await CliHost.RunAsync(["run", TinyConfig(), "--out", Runs, "--verbose"], registry);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("System.InvalidOperationException: the engine broke", verbose.Error);
        Assert.Contains(" at ", verbose.Error);
    }

    [Fact]
    public async Task Sample_SaysTheKindCannotSampleYet()
    {
        var run = await CliHost.RunAsync(["run", TinyConfig(), "--out", Runs, "--set", "steps=1"]);
        var result = await CliHost.RunAsync(["sample", RunPath(run)]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("experiment kind 'smoke.mlp', for which sampling is not available yet", result.Error);
    }

    [Fact]
    public async Task List_ShowsKindsAndTheKindOfEachShippedConfig()
    {
        string configs = Directory.CreateDirectory(Path.Combine(dir.Path, "configs")).FullName;
        File.WriteAllText(Path.Combine(configs, "a.json"), "{\"kind\": \"smoke.mlp\"}");
        File.WriteAllText(Path.Combine(configs, "b.json"), "{\"kind\": \"nope\"}");

        var result = await CliHost.RunAsync(["list"], configsDirectory: configs);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("smoke.mlp                Trains a small MLP", result.Out);
        Assert.Matches(@"a\.json\s+smoke\.mlp", result.Out);
        Assert.Contains("(does not load: ", result.Out);
    }

    [Theory]
    [InlineData("run", "<config>")]
    [InlineData("resume", "<run-dir>")]
    [InlineData("sample", "<run-dir>")]
    [InlineData("report", "<run-dir>")]
    [InlineData("list", "list")]
    public async Task Help_IsAvailableOnEveryCommand(string command, string usage)
    {
        var result = await CliHost.RunAsync([command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"neurothermo {command}", result.Out);
        Assert.Contains(usage, result.Out);
        Assert.Contains("--verbose", result.Out);
    }

    /// <summary>The built-in kinds, with smoke.mlp cancelled (as by Ctrl+C) while the given step runs.</summary>
    private static ExperimentRegistry InterruptingRegistry(long step, CancellationTokenSource interrupt)
    {
        var registry = new ExperimentRegistry();
        registry.Add(ExperimentKind.Create<SmokeMlpConfig>("smoke.mlp", "smoke.mlp, interrupted",
            (config, context, token) => SmokeMlpExperiment.RunAsync(config, context with { Progress = new InterruptAt(step, interrupt, context.Progress) }, token)));
        return registry;
    }

    private static List<(long, double)> Losses(string run) =>
        MetricsFile.Read(Path.Combine(run, "metrics.jsonl")).Records.Select(r => (r.Step, r.Values[SmokeMlpExperiment.LossMetric])).ToList();

    private sealed class InterruptAt(long step, CancellationTokenSource interrupt, ProgressReporter inner) : ProgressReporter
    {
        public override ProgressTracker Start(string description, long total, long completed = 0, string unit = "steps") =>
            new Tracker(step, interrupt, inner.Start(description, total, completed, unit));

        public override void WriteLine(string line) => inner.WriteLine(line);

        private sealed class Tracker(long step, CancellationTokenSource interrupt, ProgressTracker inner) : ProgressTracker
        {
            public override void Report(long completed)
            {
                inner.Report(completed);
                if (completed == step)
                    interrupt.Cancel();
            }

            public override void Dispose() => inner.Dispose();
        }
    }
}
