using System.Text.Json;
using NeuroThermo.IO;
using NeuroThermo.Tests.Experiments;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.Training;

namespace NeuroThermo.Cli.Tests.Process;

/// <summary>
/// A run killed with SIGKILL at any moment leaves every file complete or absent: the only traces of the kill
/// are a possibly torn last metrics line and hidden temporary files, which resume removes before it
/// continues from the last checkpoint.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class KillTests : IDisposable
{
    private const int Kills = 3;
    private const int Steps = 200;
    private const int Seed = 31;

    /// <summary>Longest wait after the first metrics line before the kill. Training <see cref="Steps"/> steps with a
    /// checkpoint each takes 0.7 s or more here, so kills land all through the run.</summary>
    private const int MaxDelayMilliseconds = 300;

    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void RunsKilledMidWrite_LeaveNoPartialFile_AndResumeCompletesThem()
    {
        // A checkpoint and a metrics line every step, so that a kill almost always interrupts some write.
        string config = dir.Write("killed.json",
            $$"""{"kind": "smoke.mlp", "steps": {{Steps}}, "logEvery": 1, "checkpointEvery": 1}""");
        var random = new Random(Seed);
        var killed = new List<string>();
        for (int k = 0; k < Kills; k++)
        {
            string runs = Path.Combine(dir.Path, $"runs-{k}");
            using var child = CliProcess.Start("run", config, "--out", runs);
            bool logging = child.WaitUntil(() => MetricsFileOf(runs) is { } m && new FileInfo(m).Length > 0, TimeSpan.FromSeconds(90));
            Assert.True(logging, "the run never logged a metric");
            Thread.Sleep(random.Next(MaxDelayMilliseconds));
            child.KillHard();
            string run = Path.GetDirectoryName(MetricsFileOf(runs))!;
            AssertEveryFileComplete(run);
            killed.Add(run);
        }

        using var resume = CliProcess.Start("resume", killed[0]);
        var result = resume.WaitForExit(TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(Directory.GetFiles(killed[0], ".*.tmp", SearchOption.AllDirectories));
        var history = MetricsFile.Read(Path.Combine(killed[0], "metrics.jsonl"));
        Assert.False(history.TornLastLine);
        // Every step logged exactly once: what followed the last checkpoint was dropped and done again.
        Assert.Equal(Enumerable.Range(1, Steps).Select(s => (long)s), history.Records.Select(r => r.Step));
        Assert.Equal(Steps, new CheckpointStore(Path.Combine(killed[0], "checkpoints")).LatestStep());
        Assert.True(File.Exists(Path.Combine(killed[0], "report.html")));
    }

    private static string? MetricsFileOf(string runs) =>
        Directory.Exists(runs) ? Directory.GetFiles(runs, "metrics.jsonl", SearchOption.AllDirectories).SingleOrDefault() : null;

    private static void AssertEveryFileComplete(string run)
    {
        foreach (string file in Directory.GetFiles(run, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (AtomicFile.IsTemporaryFileName(name) || name == ".lock")
                continue; // an unfinished write's temporary file, or the empty lock file: never read as data
            Assert.False(name.StartsWith('.'), $"unexpected hidden file {file}");
            switch (Path.GetExtension(name))
            {
                case ".safetensors":
                    using (var stream = File.OpenRead(file))
                        SafetensorsFormat.ReadHeader(stream, stream.Length, file); // checks every tensor lies inside the file
                    break;
                case ".json":
                    using (JsonDocument.Parse(File.ReadAllText(file))) { }
                    break;
                case ".jsonl":
                    MetricsFile.Read(file); // every complete line parses; a torn last line is allowed
                    break;
                case ".svg":
                    System.Xml.Linq.XDocument.Load(file);
                    break;
                case ".html":
                    Assert.EndsWith("</html>\n", File.ReadAllText(file));
                    break;
                default:
                    Assert.Fail($"unexpected file {file}");
                    break;
            }
        }
        var store = new CheckpointStore(Path.Combine(run, "checkpoints"));
        if (File.Exists(Path.Combine(store.Directory, CheckpointStore.LatestFileName)))
            Assert.NotNull(store.LatestStep()); // latest.json points at a complete checkpoint
    }
}
