using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>
/// A small text corpus in a temporary folder, and (for <see cref="TrainAsync"/>) a tiny character model trained on it
/// through the real lm.train machinery (config file, loader, launcher), so that experiments reading trained runs
/// are tested on what a user would have. Deleted on dispose.
/// </summary>
public sealed class TinyLanguageModelRun : IDisposable
{
    /// <summary>Start time of every run made here; the run directory names follow from it.</summary>
    public static readonly DateTime StartTime = new(2026, 11, 22, 12, 0, 0);

    private readonly SemaphoreSlim _trainOnce = new(1, 1);
    private string? _trainedRun;

    public TinyLanguageModelRun()
    {
        var sentences = new[] { "the cat sat on the mat.", "a dog ate the bone!", "we sing, they dance." };
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => sentences[i * 7 % 3] + "\n%\n"));
        File.WriteAllText(System.IO.Path.Combine(Folder, "corpus.txt"), text);
        File.WriteAllText(Corpus, """{ "path": "corpus.txt", "documentSeparator": "%" }""");
    }

    /// <summary>The temporary folder: corpus, config files, and runs/.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("nt-lm-").FullName;

    /// <summary>The corpus manifest.</summary>
    public string Corpus => System.IO.Path.Combine(Folder, "corpus.json");

    /// <summary>Where launched runs go.</summary>
    public string RunsRoot => System.IO.Path.Combine(Folder, "runs");

    /// <summary>Everything the runs printed.</summary>
    public StringWriter Output { get; } = new();

    public ExperimentRegistry Registry { get; } = ExperimentRegistry.CreateBuiltIn();

    /// <summary>The tiny model's training config, as a JSON body without braces; names its run "tiny".</summary>
    public static string TinyTrainingJson(string corpus) =>
        $$"""
        "corpus": "{{corpus.Replace("\\", "\\\\")}}", "contextLength": 16, "embeddingSize": 16, "layerCount": 1, "headCount": 2,
        "batchSize": 8, "steps": 30, "warmupSteps": 5, "evalEvery": 10, "evalBatches": 2, "learningRate": 0.01, "sampleTokens": 0
        """;

    /// <summary>Writes <paramref name="json"/> as a config file and launches it; returns the run directory and outcome.</summary>
    public async Task<(RunDirectory Run, RunOutcome Outcome)> LaunchAsync(string fileName, string json, CancellationToken cancellationToken = default)
    {
        var path = System.IO.Path.Combine(Folder, fileName);
        await File.WriteAllTextAsync(path, json, cancellationToken);
        var loaded = ConfigLoader.Load(path, [], Registry);
        return await ExperimentLauncher.StartAsync(loaded, RunsRoot, StartTime, new PlainProgressReporter(Output, TimeSpan.FromHours(1)), cancellationToken);
    }

    /// <summary>Trains the tiny model once (runs/tiny-&lt;time&gt;) and returns its run directory.</summary>
    public async Task<string> TrainAsync()
    {
        await _trainOnce.WaitAsync();
        try
        {
            if (_trainedRun is null)
            {
                var (run, outcome) = await LaunchAsync("tiny.json", $$"""{ "kind": "lm.train", "name": "tiny", {{TinyTrainingJson(Corpus)}} }""");
                if (outcome != RunOutcome.Completed)
                    throw new InvalidOperationException("The tiny model did not finish training.");
                _trainedRun = run.Path;
            }
            return _trainedRun;
        }
        finally
        {
            _trainOnce.Release();
        }
    }

    public void Dispose()
    {
        _trainOnce.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
