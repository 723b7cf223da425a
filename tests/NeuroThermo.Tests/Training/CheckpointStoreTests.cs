using NeuroThermo.IO;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Training;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nt-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public sealed record TrainerState(long Step, string Schedule, double[] History);

    private string[] Files() => Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static void SaveAt(CheckpointStore store, long step)
    {
        using var weight = torch.full([2, 3], (double)step);
        using var counter = torch.tensor(new long[] { step, -step });
        store.Save(step, [new("model.weight", weight), new("optimizer.count", counter)], new TrainerState(step, "cosine", [1.5, step]));
    }

    [Fact]
    public void NoCheckpointYet_LoadsAsNull()
    {
        var store = new CheckpointStore(directory);
        Assert.Null(store.LatestStep());
        Assert.Null(store.LoadLatest<TrainerState>());
    }

    [Fact]
    public void SaveThenLoad_RestoresTensorsStateAndStep()
    {
        var store = new CheckpointStore(directory);
        SaveAt(store, 7);

        using var checkpoint = store.LoadLatest<TrainerState>()!;

        Assert.Equal(7, checkpoint.Step);
        Assert.Equal(7, store.LatestStep());
        Assert.Equal("cosine", checkpoint.State.Schedule);
        Assert.Equal([1.5, 7.0], checkpoint.State.History);
        Assert.Equal(["weight"], checkpoint.Section("model.").Keys);
        Assert.Equal(Enumerable.Repeat(7f, 6), checkpoint.Get("model.weight").ToArray<float>());
        Assert.Equal([7L, -7], checkpoint.Get("optimizer.count").ToArray<long>());
        Assert.Throws<KeyNotFoundException>(() => checkpoint.Get("model.bias"));
    }

    [Fact]
    public void Save_KeepsTheNewestTwo_AndPointsLatestAtTheNewest()
    {
        var store = new CheckpointStore(directory);
        foreach (long step in new long[] { 10, 20, 30 })
            SaveAt(store, step);

        Assert.Equal(["latest.json", "step-000000020.json", "step-000000020.safetensors", "step-000000030.json", "step-000000030.safetensors"], Files());
        Assert.Equal(30, store.LatestStep());
    }

    [Fact]
    public void Save_RemovesAnUnreferencedNewerCheckpoint_LeftByAKillBeforeLatestWasWritten()
    {
        var store = new CheckpointStore(directory);
        SaveAt(store, 10);
        SaveAt(store, 20);
        File.WriteAllText(Path.Combine(directory, CheckpointStore.LatestFileName), "{\"step\":10,\"checkpoint\":\"step-000000010.json\"}");

        SaveAt(store, 15); // the resumed run saves again after step 10

        Assert.Equal(["latest.json", "step-000000010.json", "step-000000010.safetensors", "step-000000015.json", "step-000000015.safetensors"], Files());
        Assert.Equal(15, store.LatestStep());
    }

    [Theory]
    [InlineData("latest.json", "{\"step\":", "is not valid JSON")]
    [InlineData("latest.json", "{\"step\":4,\"checkpoint\":\"../../etc/passwd\"}", "naming a checkpoint file")]
    [InlineData("latest.json", "{\"step\":4,\"checkpoint\":\"step-000000009.json\"}", "does not exist")]
    [InlineData("latest.json", "{\"step\":5,\"checkpoint\":\"step-000000004.json\"}", "says step 5")]
    [InlineData("step-000000004.json", "[]", "does not hold a JSON object")]
    [InlineData("step-000000004.safetensors", "\u0001", "is not a valid checkpoint")]
    public void CorruptFiles_AreReportedWithTheirNames(string file, string contents, string fragment)
    {
        var store = new CheckpointStore(directory);
        SaveAt(store, 4);
        File.WriteAllText(Path.Combine(directory, file), contents);

        var error = Assert.Throws<CorruptFileException>(() => store.LatestStep());
        Assert.Contains(fragment, error.Message);
        Assert.Throws<CorruptFileException>(() => store.LoadLatest<TrainerState>());
    }

    [Fact]
    public void StateOfAnotherShape_IsReportedAsCorrupt()
    {
        var store = new CheckpointStore(directory);
        store.Save(1, [], new { Other = 1 });
        var error = Assert.Throws<CorruptFileException>(() => store.LoadLatest<TrainerState>());
        Assert.Contains(nameof(TrainerState), error.Message);
    }
}
