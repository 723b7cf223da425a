using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using NeuroThermo.IO;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.Training;

/// <summary>
/// Saves and finds a run's checkpoints in one directory. A checkpoint at step n is two files,
/// <c>step-00000000n.safetensors</c> (model, optimizer and generator tensors) and <c>step-00000000n.json</c>
/// (the trainer's state as JSON, naming the tensor file); <c>latest.json</c> names the newest checkpoint.
/// </summary>
/// <remarks>
/// Every file is written atomically, and <c>latest.json</c> last, so a process killed at any moment leaves
/// <c>latest.json</c> pointing at a complete checkpoint (or absent): the one before if the kill came while
/// the new one was being written. Only the newest <see cref="Keep"/> checkpoints are kept.
/// </remarks>
public sealed partial class CheckpointStore
{
    /// <summary>The pointer to the newest checkpoint, written after the checkpoint itself.</summary>
    public const string LatestFileName = "latest.json";

    private static readonly JsonSerializerOptions StateOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
    };

    /// <summary>A store in <paramref name="directory"/>, which must exist, keeping the newest <paramref name="keep"/> checkpoints.</summary>
    public CheckpointStore(string directory, int keep = 2)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory = Path.GetFullPath(directory);
        Keep = keep;
    }

    /// <summary>The checkpoints directory.</summary>
    public string Directory { get; }

    /// <summary>How many of the newest checkpoints are kept; older ones are deleted after each save. Two, so
    /// that the previous checkpoint survives until the next one is complete even if <c>latest.json</c> is lost.</summary>
    public int Keep { get; }

    /// <summary>Prefixes every name of <paramref name="tensors"/>, to put several state dicts in one checkpoint.</summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> Prefixed(string prefix, IEnumerable<KeyValuePair<string, Tensor>> tensors) =>
        tensors.Select(t => new KeyValuePair<string, Tensor>(prefix + t.Key, t.Value));

    /// <summary>Saves the checkpoint of <paramref name="step"/>: tensors, then state, then the pointer to them.</summary>
    public void Save<TState>(long step, IEnumerable<KeyValuePair<string, Tensor>> tensors, TState state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentNullException.ThrowIfNull(tensors);
        string stem = Stem(step);
        Safetensors.Save(Path.Combine(Directory, stem + ".safetensors"), tensors,
            new Dictionary<string, string> { ["step"] = step.ToString(CultureInfo.InvariantCulture) });
        var record = new JsonObject
        {
            ["step"] = step,
            ["tensors"] = stem + ".safetensors",
            ["state"] = JsonSerializer.SerializeToNode(state, StateOptions),
        };
        AtomicFile.WriteAllText(Path.Combine(Directory, stem + ".json"), record.ToJsonString(StateOptions) + "\n");
        var latest = new JsonObject { ["step"] = step, ["checkpoint"] = stem + ".json" };
        AtomicFile.WriteAllText(Path.Combine(Directory, LatestFileName), latest.ToJsonString(StateOptions) + "\n");
        Prune(step);
    }

    /// <summary>The step of the newest checkpoint, or null if there is none; checks that its files are whole.</summary>
    /// <exception cref="CorruptFileException">A checkpoint file is missing or malformed.</exception>
    public long? LatestStep()
    {
        var latest = ReadLatest();
        if (latest is null)
            return null;
        var (step, tensorsFile, _) = ReadRecord(latest.Value.RecordFile, latest.Value.Step);
        using var stream = File.OpenRead(tensorsFile);
        try
        {
            SafetensorsFormat.ReadHeader(stream, stream.Length, tensorsFile);
        }
        catch (SafetensorsFormatException e)
        {
            throw new CorruptFileException(tensorsFile, $"is not a valid checkpoint ({e.Message.TrimEnd('.')})", e);
        }
        return step;
    }

    /// <summary>Reads the newest checkpoint, or returns null if none was saved yet.</summary>
    /// <exception cref="CorruptFileException">A checkpoint file is missing or malformed, or its state does not
    /// fit <typeparamref name="TState"/>.</exception>
    public Checkpoint<TState>? LoadLatest<TState>()
    {
        var latest = ReadLatest();
        if (latest is null)
            return null;
        var (step, tensorsFile, stateNode) = ReadRecord(latest.Value.RecordFile, latest.Value.Step);
        TState state;
        try
        {
            state = stateNode.Deserialize<TState>(StateOptions)
                    ?? throw new JsonException("the state is null");
        }
        catch (JsonException e)
        {
            throw new CorruptFileException(latest.Value.RecordFile, $"holds a trainer state that does not fit {typeof(TState).Name} ({e.Message.TrimEnd('.')})", e);
        }
        try
        {
            return new Checkpoint<TState>(step, Safetensors.Load(tensorsFile), state);
        }
        catch (SafetensorsFormatException e)
        {
            throw new CorruptFileException(tensorsFile, $"is not a valid checkpoint ({e.Message.TrimEnd('.')})", e);
        }
    }

    private (long Step, string RecordFile)? ReadLatest()
    {
        string path = Path.Combine(Directory, LatestFileName);
        if (!File.Exists(path))
            return null;
        var latest = ReadObject(path);
        return (ReadStep(latest, path), Path.Combine(Directory, ReadFileName(latest, "checkpoint", path)));
    }

    private (long Step, string TensorsFile, JsonNode State) ReadRecord(string recordFile, long expectedStep)
    {
        if (!File.Exists(recordFile))
            throw new CorruptFileException(Path.Combine(Directory, LatestFileName), $"names '{Path.GetFileName(recordFile)}', which does not exist");
        var record = ReadObject(recordFile);
        long step = ReadStep(record, recordFile);
        if (step != expectedStep)
            throw new CorruptFileException(recordFile, $"is the checkpoint of step {step}, but {LatestFileName} says step {expectedStep}");
        string tensorsFile = Path.Combine(Directory, ReadFileName(record, "tensors", recordFile));
        if (!File.Exists(tensorsFile))
            throw new CorruptFileException(recordFile, $"names '{Path.GetFileName(tensorsFile)}', which does not exist");
        var state = record["state"] ?? throw new CorruptFileException(recordFile, "has no \"state\"");
        return (step, tensorsFile, state);
    }

    private static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                   ?? throw new CorruptFileException(path, "does not hold a JSON object");
        }
        catch (JsonException e)
        {
            throw new CorruptFileException(path, $"is not valid JSON ({e.Message.TrimEnd('.')})", e);
        }
    }

    private static long ReadStep(JsonObject json, string path) =>
        json["step"] is JsonValue value && value.TryGetValue(out long step) && step >= 0
            ? step
            : throw new CorruptFileException(path, "has no non-negative integer \"step\"");

    // Only plain names of files in this directory, so an edited file cannot point elsewhere.
    private static string ReadFileName(JsonObject json, string key, string path) =>
        json[key] is JsonValue value && value.TryGetValue(out string? name) && CheckpointFileName().IsMatch(name)
            ? name
            : throw new CorruptFileException(path, $"has no \"{key}\" naming a checkpoint file");

    private static string Stem(long step) => "step-" + step.ToString("D9", CultureInfo.InvariantCulture);

    private void Prune(long current)
    {
        var files = System.IO.Directory.EnumerateFiles(Directory, "step-*")
            .Select(f => (File: f, Match: CheckpointFileName().Match(Path.GetFileName(f))))
            .Where(f => f.Match.Success)
            .Select(f => (f.File, Step: long.Parse(f.Match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)))
            .ToList();
        // The checkpoint just saved is kept even if a larger, unreferenced one (from a kill just before
        // latest.json was written) sorts above it.
        var kept = files.Select(f => f.Step).Where(s => s < current).Distinct().OrderDescending().Take(Keep - 1).Append(current).ToHashSet();
        foreach (var (file, _) in files.Where(f => !kept.Contains(f.Step)))
            File.Delete(file);
    }

    [GeneratedRegex(@"^step-(\d{9,19})\.(json|safetensors)$")]
    private static partial Regex CheckpointFileName();
}
