using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>
/// A tiny two-moons diffusion model trained once through the real diffusion.train machinery (config file, loader,
/// launcher) in a temporary folder, for the tests of what reads trained runs. Deleted on dispose.
/// </summary>
public sealed class TinyDiffusionRun : IDisposable
{
    private static readonly DateTime StartTime = new(2026, 11, 22, 15, 0, 0);

    private readonly Lazy<Task<string>> _trained;

    public TinyDiffusionRun() => _trained = new(TrainOnceAsync);

    /// <summary>The tiny model's config: few steps of everything, so the whole run takes a second or two.</summary>
    public const string TrainJson = """
        { "kind": "diffusion.train", "name": "tiny-moons", "seed": 3, "trainPoints": 512, "heldOutPoints": 200,
          "diffusionSteps": 40, "hiddenWidth": 16, "blocks": 1, "timeEmbedding": 8, "trainSteps": 30, "batchSize": 64,
          "warmupSteps": 5, "logEvery": 10, "checkpointEvery": 20, "sampleCount": 100, "ddimSteps": 8 }
        """;

    /// <summary>The temporary folder: config files and runs/.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("nt-diffusion-").FullName;

    /// <summary>Everything the runs printed.</summary>
    public StringWriter Output { get; } = new();

    /// <summary>Writes <paramref name="json"/> as a config file and launches it; returns the run directory and outcome.</summary>
    public async Task<(RunDirectory Run, RunOutcome Outcome)> LaunchAsync(string fileName, string json)
    {
        var path = Path.Combine(Folder, fileName);
        await File.WriteAllTextAsync(path, json);
        var loaded = ConfigLoader.Load(path, [], ExperimentRegistry.CreateBuiltIn());
        return await ExperimentLauncher.StartAsync(loaded, Path.Combine(Folder, "runs"), StartTime, new PlainProgressReporter(Output, TimeSpan.FromHours(1)), CancellationToken.None);
    }

    /// <summary>Trains the tiny model once, however many tests ask at the same time, and returns its run directory.</summary>
    public Task<string> TrainAsync() => _trained.Value;

    private async Task<string> TrainOnceAsync()
    {
        var (run, outcome) = await LaunchAsync("tiny-moons.json", TrainJson);
        if (outcome != RunOutcome.Completed)
            throw new InvalidOperationException("The tiny diffusion model did not finish training.");
        return run.Path;
    }

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
    }
}
