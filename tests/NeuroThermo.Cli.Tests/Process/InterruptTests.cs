using NeuroThermo.Tests.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Cli.Tests.Process;

/// <summary>Ctrl+C (SIGINT) finishes the current step, writes a checkpoint and the metrics, and exits with 130.</summary>
[Collection(ProcessCollection.Name)]
public sealed class InterruptTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Sigint_SavesTheCurrentStepAndExitsWith130()
    {
        // Far more steps than can finish, checkpointed never and logged rarely: what is saved at the end is the
        // interrupt's doing. The first logged line shows that training is under way.
        string config = dir.Write("long.json", """{"kind": "smoke.mlp", "steps": 100000000, "logEvery": 500, "checkpointEvery": 100000000}""");
        string runs = Path.Combine(dir.Path, "runs");
        using var child = CliProcess.Start("run", config, "--out", runs);
        Assert.True(child.WaitUntil(() => Directory.Exists(runs) && Directory.GetFiles(runs, "metrics.jsonl", SearchOption.AllDirectories) is [var m] && new FileInfo(m).Length > 0,
            TimeSpan.FromSeconds(90)), "the run never logged a step");

        child.Interrupt();
        var result = child.WaitForExit(TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("Interrupted: finishing the current step", result.Error);
        string run = Directory.GetDirectories(runs).Single();
        long saved = new CheckpointStore(Path.Combine(run, "checkpoints")).LatestStep()!.Value;
        Assert.True(saved >= 500, $"saved step {saved}, but 500 steps had been logged");
        var last = MetricsFile.Read(Path.Combine(run, "metrics.jsonl")).Records[^1];
        Assert.Equal(saved, last.Step);
        Assert.Contains($"stopped after step {saved} of 100000000", result.Out);
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
    }
}
