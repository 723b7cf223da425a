using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

public sealed class RunDirectoryTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("nt-rundir-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Create_NamesTheDirectoryAfterRunAndTime_WithItsSubdirectories()
    {
        var run = RunDirectory.Create(Path.Combine(root, "runs"), "ising", new DateTime(2026, 3, 4, 5, 6, 7));
        Assert.Equal(Path.Combine(root, "runs", "ising-20260304-050607"), run.Path);
        Assert.True(Directory.Exists(run.CheckpointsDirectory));
        Assert.True(Directory.Exists(run.PlotsDirectory));
        Assert.True(Directory.Exists(run.ImagesDirectory));
    }

    [Fact]
    public void Open_RequiresTheResolvedConfig()
    {
        var run = RunDirectory.Create(root, "r", DateTime.UnixEpoch);
        var error = Assert.Throws<RunDirectoryException>(() => RunDirectory.Open(run.Path));
        Assert.Equal($"Run directory '{run.Path}' is not a run directory: it has no config.resolved.json.", error.Message);
        File.WriteAllText(run.ConfigFile, "{}");
        Assert.Equal(run.Path, RunDirectory.Open(run.Path).Path);
        Assert.Contains("does not exist", Assert.Throws<RunDirectoryException>(() => RunDirectory.Open(Path.Combine(root, "nope"))).Message);
    }

    [Fact]
    public void Lock_IsExclusive_AndFreedOnDispose()
    {
        var run = RunDirectory.Create(root, "r", DateTime.UnixEpoch);
        using (run.Lock())
            Assert.Contains("in use", Assert.Throws<RunDirectoryException>(() => run.Lock()).Message);
        run.Lock().Dispose();
    }

    [Fact]
    public void SweepTemporaryFiles_RemovesOnlyTheTemporaryFilesOfAtomicWrites()
    {
        var run = RunDirectory.Create(root, "r", DateTime.UnixEpoch);
        string temp = Path.Combine(run.CheckpointsDirectory, $".latest.json.{Guid.NewGuid():N}.tmp");
        string[] kept =
        [
            Path.Combine(run.Path, "metrics.jsonl"),
            Path.Combine(run.Path, ".notes.tmp"),
            Path.Combine(run.PlotsDirectory, "a.svg.0123.tmp"),
        ];
        foreach (string file in kept.Append(temp))
            File.WriteAllText(file, "x");

        Assert.Equal([temp], run.SweepTemporaryFiles());
        Assert.All(kept, file => Assert.True(File.Exists(file)));
    }
}
