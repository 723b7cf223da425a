using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

/// <summary>A run directory in a fresh temporary folder with its services, for calling runners directly;
/// deleted on dispose.</summary>
internal sealed class TestRun : IDisposable
{
    private readonly string root = System.IO.Directory.CreateTempSubdirectory("nt-run-").FullName;
    private MetricsLog? metrics;

    public TestRun(string name = "test", long seed = 0)
    {
        Directory = RunDirectory.Create(root, name, new DateTime(2026, 1, 2, 3, 4, 5));
        Seed = seed;
        Name = name;
    }

    public RunDirectory Directory { get; }

    public long Seed { get; }

    public string Name { get; }

    /// <summary>Everything the runners printed.</summary>
    public StringWriter Output { get; } = new();

    /// <summary>A context on this directory, with the metrics log opened afresh (as a resume does).</summary>
    public RunContext Context()
    {
        metrics?.Dispose();
        metrics = MetricsLog.Open(Directory.MetricsFile);
        return new RunContext(Name, Directory, Seed, metrics, new CheckpointStore(Directory.CheckpointsDirectory),
            new PlainProgressReporter(Output, TimeSpan.FromHours(1)));
    }

    public void Dispose()
    {
        metrics?.Dispose();
        System.IO.Directory.Delete(root, recursive: true);
    }
}
