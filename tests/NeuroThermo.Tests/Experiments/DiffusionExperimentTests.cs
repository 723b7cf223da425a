using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

/// <summary><c>diffusion.train</c> and <c>diffusion.sample</c> end to end on a tiny two-moons model, and the errors a
/// user can cause.</summary>
public sealed class DiffusionExperimentTests(TinyDiffusionRun tiny) : IClassFixture<TinyDiffusionRun>
{
    private static string SampleJson(string trainedRun, string extra = "") =>
        $$"""{ "kind": "diffusion.sample", "name": "moons-sample", "trainedRun": "{{trainedRun.Replace("\\", "\\\\")}}", "sampleCount": 50, "steps": 5 {{extra}} }""";

    [Fact]
    public async Task Train_LogsLossesAndEnergyDistances_AndWritesPlotsAndWeights()
    {
        var trained = await tiny.TrainAsync();
        var history = MetricsFile.Read(Path.Combine(trained, "metrics.jsonl"));
        Assert.Equal(3, history.Series(DiffusionTrainExperiment.TrainLoss).Values.Length);
        Assert.All(history.Series(DiffusionTrainExperiment.HeldOutLoss).Values, v => Assert.True(double.IsFinite(v) && v > 0));
        foreach (var name in new[] { DiffusionTrainExperiment.DataFloor, "energy_distance_ancestral", "energy_distance_ddim_8" })
            Assert.True(history.Last(name) is not null, $"no {name} in the metrics");
        // Untrained-looking samples are far from the moons; the data's own floor must be much nearer zero than they are.
        Assert.True(history.Last(DiffusionTrainExperiment.DataFloor)!.Values[DiffusionTrainExperiment.DataFloor] < 0.05);
        Assert.True(File.Exists(Path.Combine(trained, DiffusionTrainExperiment.AverageModelFileName)));
        foreach (var plot in new[] { "loss.svg", "ancestral-samples.svg", "ddim-8-samples.svg", "ancestral-cloud-t00040.svg", "ddim-8-cloud-t00000.svg" })
            Assert.True(File.Exists(Path.Combine(trained, "plots", plot)), $"no plots/{plot}");
        // Six frames of the reverse process for each sampler, DDIM's at the steps it visits (1, 6, 11, … 36 of 40).
        Assert.Equal(6, Directory.GetFiles(Path.Combine(trained, "plots"), "ancestral-cloud-t*.svg").Length);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(trained, "plots"), "ddim-8-cloud-t*.svg").Length);
    }

    [Fact]
    public async Task Sample_FromTheTrainedRun_LogsItsEnergyDistance()
    {
        var trained = await tiny.TrainAsync();
        var (run, outcome) = await tiny.LaunchAsync("sample.json", SampleJson(trained));
        Assert.Equal(RunOutcome.Completed, outcome);
        var distance = MetricsFile.Read(run.MetricsFile).Last("energy_distance_ddim_5");
        Assert.NotNull(distance);
        Assert.True(File.Exists(Path.Combine(run.PlotsDirectory, "ddim-5-samples.svg")));
    }

    [Fact]
    public async Task Sample_IsReproducible_WithTheSameSeed()
    {
        var trained = await tiny.TrainAsync();
        var (first, _) = await tiny.LaunchAsync("again-1.json", SampleJson(trained, """, "sampler": "ancestral", "seed": 9"""));
        var (second, _) = await tiny.LaunchAsync("again-2.json", SampleJson(trained, """, "sampler": "ancestral", "seed": 9"""));
        Assert.Equal(MetricsFile.Read(first.MetricsFile).Last("energy_distance_ancestral")!.Values["energy_distance_ancestral"],
            MetricsFile.Read(second.MetricsFile).Last("energy_distance_ancestral")!.Values["energy_distance_ancestral"]);
    }

    [Fact]
    public async Task MissingRun_IsAConfigErrorAtTrainedRun()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => tiny.LaunchAsync("missing.json", SampleJson(Path.Combine(tiny.Folder, "nowhere", "moons"))));
        Assert.Equal("$.trainedRun", error.JsonPath);
        Assert.Contains("configs/diffusion-two-moons.json", error.Message);
    }

    [Fact]
    public async Task MoreDdimStepsThanTheModelHas_IsAConfigErrorAtSteps()
    {
        var trained = await tiny.TrainAsync();
        var error = await Assert.ThrowsAsync<ConfigException>(() => tiny.LaunchAsync("too-many.json", SampleJson(trained).Replace("\"steps\": 5", "\"steps\": 41")));
        Assert.Equal("$.steps", error.JsonPath);
        Assert.Contains("at most the trained run's 40", error.Message);
    }

    [Fact]
    public async Task DamagedWeights_AreARunDirectoryErrorNamingTheFile()
    {
        var trained = await tiny.TrainAsync();
        var damaged = Directory.CreateDirectory(Path.Combine(tiny.Folder, "damaged")).FullName;
        File.Copy(Path.Combine(trained, RunDirectory.ConfigFileName), Path.Combine(damaged, RunDirectory.ConfigFileName));
        await File.WriteAllTextAsync(Path.Combine(damaged, DiffusionTrainExperiment.AverageModelFileName), "not a safetensors file");

        var error = await Assert.ThrowsAsync<RunDirectoryException>(() => tiny.LaunchAsync("damaged.json", SampleJson(damaged)));
        Assert.Contains(DiffusionTrainExperiment.AverageModelFileName, error.Message);
        Assert.Equal(damaged, error.Directory);
    }

    [Theory]
    [InlineData("\"timeEmbedding\": 8", "\"timeEmbedding\": 7", "$.timeEmbedding", "expected an even size")]
    [InlineData("\"warmupSteps\": 5", "\"warmupSteps\": 30", "$.warmupSteps", "fewer warm-up steps than the 30 training steps")]
    [InlineData("\"ddimSteps\": 8", "\"ddimSteps\": 41", "$.ddimSteps", "at most the 40 diffusion steps")]
    public async Task InconsistentTrainConfig_IsAConfigErrorAtTheField(string from, string to, string path, string fragment)
    {
        var json = TinyDiffusionRun.TrainJson.Replace(from, to);
        Assert.NotEqual(TinyDiffusionRun.TrainJson, json);
        var error = await Assert.ThrowsAsync<ConfigException>(() => tiny.LaunchAsync($"bad-{path[2..]}.json", json));
        Assert.Equal(path, error.JsonPath);
        Assert.Contains(fragment, error.Message);
    }
}
