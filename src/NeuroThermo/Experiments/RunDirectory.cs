using System.Globalization;
using NeuroThermo.IO;

namespace NeuroThermo.Experiments;

/// <summary>
/// The directory of one run, <c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;/</c>, and where everything sits in it:
/// <c>config.resolved.json</c>, <c>metrics.jsonl</c>, <c>checkpoints/</c>, <c>plots/*.svg</c>,
/// <c>images/*.png</c> and <c>report.html</c>.
/// </summary>
/// <remarks>
/// Every file in a run directory is written atomically (temporary file, then rename) except
/// <c>metrics.jsonl</c>, which grows by whole lines; so a run killed at any moment leaves each file
/// complete or absent, plus at most a torn last metrics line and hidden temporary files, which
/// <see cref="SweepTemporaryFiles"/> removes when the run is resumed.
/// </remarks>
public sealed class RunDirectory
{
    /// <summary>The resolved config, written before the runner starts; its presence marks a run directory.</summary>
    public const string ConfigFileName = "config.resolved.json";

    /// <summary>Name of the lock file held while a process runs or resumes the run.</summary>
    public const string LockFileName = ".lock";

    /// <summary>The layout format of the time stamp in a run directory's name.</summary>
    public const string TimeStampFormat = "yyyyMMdd-HHmmss";

    private RunDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>The run directory's full path.</summary>
    public string Path { get; }

    /// <summary>The config with every field spelled out, as the run used it.</summary>
    public string ConfigFile => Combine(ConfigFileName);

    /// <summary>One JSON object per logged step or evaluation (see <see cref="Training.MetricsLog"/>).</summary>
    public string MetricsFile => Combine("metrics.jsonl");

    /// <summary>Checkpoints (see <see cref="Training.CheckpointStore"/>).</summary>
    public string CheckpointsDirectory => Combine("checkpoints");

    /// <summary>SVG plots; the report shows every one.</summary>
    public string PlotsDirectory => Combine("plots");

    /// <summary>PNG images; the report shows every one.</summary>
    public string ImagesDirectory => Combine("images");

    /// <summary>The run's HTML report, readable offline.</summary>
    public string ReportFile => Combine("report.html");

    /// <summary>
    /// Creates a new run directory under <paramref name="runsRoot"/> named after the run and its start time,
    /// with a numeric suffix if a run of the same name started in the same second, and its subdirectories.
    /// </summary>
    public static RunDirectory Create(string runsRoot, string runName, DateTime startedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runsRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(runName);
        Directory.CreateDirectory(runsRoot);
        string stem = $"{runName}-{startedAt.ToString(TimeStampFormat, CultureInfo.InvariantCulture)}";
        for (int attempt = 1; ; attempt++)
        {
            string path = System.IO.Path.Combine(runsRoot, attempt == 1 ? stem : $"{stem}-{attempt}");
            if (Directory.Exists(path) || File.Exists(path))
                continue;
            var run = new RunDirectory(path);
            Directory.CreateDirectory(run.Path);
            run.CreateSubdirectories();
            return run;
        }
    }

    /// <summary>Opens an existing run directory; it must hold <see cref="ConfigFileName"/>.</summary>
    /// <exception cref="RunDirectoryException">The directory does not exist or is not a run directory.</exception>
    public static RunDirectory Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path))
            throw new RunDirectoryException(path, "does not exist");
        var run = new RunDirectory(path);
        if (!File.Exists(run.ConfigFile))
            throw new RunDirectoryException(path, $"is not a run directory: it has no {ConfigFileName}");
        return run;
    }

    /// <summary>Creates the subdirectories a runner writes into, if missing.</summary>
    public void CreateSubdirectories()
    {
        Directory.CreateDirectory(CheckpointsDirectory);
        Directory.CreateDirectory(PlotsDirectory);
        Directory.CreateDirectory(ImagesDirectory);
    }

    /// <summary>
    /// Takes the run's lock, so that two processes never run or resume the same run at once. The operating
    /// system drops the lock when its holder dies, so a killed run can be resumed at once.
    /// </summary>
    /// <exception cref="RunDirectoryException">Another process holds the lock.</exception>
    public IDisposable Lock()
    {
        try
        {
            // .NET takes an exclusive advisory lock (flock) for FileShare.None on Unix and a sharing lock on Windows.
            return new FileStream(Combine(LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new RunDirectoryException(Path, "is in use by another neurothermo process");
        }
    }

    /// <summary>Removes temporary files of atomic writes that a killed run left behind; returns their paths.</summary>
    public IReadOnlyList<string> SweepTemporaryFiles() => AtomicFile.SweepTemporaryFiles(Path);

    /// <inheritdoc/>
    public override string ToString() => Path;

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
