using System.Text.Json;
using System.Xml.Linq;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Experiments;
using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

/// <summary><c>lm.thermo</c> on a tiny model freshly trained by lm.train: its files, its numbers against an independent
/// softmax of the model's logits, how it finds a run, and the errors a user can cause.</summary>
public sealed class LmThermoExperimentTests(TinyLanguageModelRun tiny) : IClassFixture<TinyLanguageModelRun>
{
    // The run's closed forms and autograd agree to rounding (FiniteSpectrumTests holds them to 1e-10 of their scale).
    private const double AutogradTol = 1e-10;

    // The entropy at T = 1 from the run and from a float64 log-softmax of the same float32 logits: rounding only.
    private const double EntropyTol = 1e-9;

    private string ThermoJson(string trainedRun, string extra = "") =>
        $$"""
        { "kind": "lm.thermo", "name": "thermo", "trainedRun": "{{trainedRun.Replace("\\", "\\\\")}}",
          "prompts": ["the c", "%\n"], "temperaturePoints": 25, "sampleTemperatures": [0.5, 2], "sampleTokens": 12 {{extra}} }
        """;

    [Fact]
    public async Task Run_OnATrainedModel_WritesConsistentThermodynamicsPlotsAndSamples()
    {
        var trained = await tiny.TrainAsync();
        // The stem runs/tiny finds runs/tiny-<time>.
        var (run, outcome) = await tiny.LaunchAsync("thermo.json", ThermoJson(Path.Combine(tiny.RunsRoot, "tiny")));

        Assert.Equal(RunOutcome.Completed, outcome);
        foreach (var plot in new[] { "lm-free-energy.svg", "lm-internal-energy.svg", "lm-entropy.svg", "lm-heat-capacity.svg" })
            XDocument.Load(Path.Combine(run.PlotsDirectory, plot));
        Assert.Contains("plots/lm-entropy.svg", File.ReadAllText(run.ReportFile));
        Assert.Contains("T = 2", File.ReadAllText(Path.Combine(run.Path, "thermo.html")));
        var samples = File.ReadAllText(Path.Combine(run.Path, "samples.txt"));

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, "results.json")));
        Assert.Equal(trained, results.RootElement.GetProperty("trainedRun").GetString());
        var prompts = results.RootElement.GetProperty("prompts").EnumerateArray().ToList();
        Assert.Equal(2, prompts.Count);
        var vocabulary = TokenizerFile.Load(Path.Combine(trained, "tokenizer.json")).VocabularySize;
        foreach (var prompt in prompts)
        {
            Assert.Equal(vocabulary, prompt.GetProperty("spectrum").GetProperty("states").GetInt32());
            var autograd = prompt.GetProperty("autograd");
            Assert.InRange(autograd.GetProperty("internalEnergyDeviation").GetDouble(), 0, AutogradTol);
            Assert.InRange(autograd.GetProperty("heatCapacityDeviation").GetDouble(), 0, AutogradTol);
            var entropy = prompt.GetProperty("closedForm").GetProperty("entropy").EnumerateArray().Select(e => e.GetDouble()).ToList();
            Assert.Equal(25, entropy.Count);
            Assert.True(entropy.Zip(entropy.Skip(1)).All(pair => pair.Second > pair.First), "S must rise with T");
            Assert.InRange(entropy[^1], entropy[0], Math.Log(vocabulary));
            var texts = prompt.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("text").GetString()!).ToList();
            Assert.Equal(2, texts.Count);
            Assert.All(texts, t => Assert.StartsWith(prompt.GetProperty("prompt").GetString()!, t));
            Assert.All(texts, t => Assert.Contains(t, samples));
        }

        // S at T = 1 is the Gibbs entropy of the model's own softmax, computed here from the checkpoint directly.
        var logged = MetricsFile.Read(run.MetricsFile).Series(LmThermoExperiment.EntropyAtOne).Values;
        Assert.Equal(ModelEntropy(trained, "the c"), logged[0], EntropyTol);
        Assert.Equal(ModelEntropy(trained, "%\n"), logged[1], EntropyTol);
    }

    [Fact]
    public async Task Stem_PicksTheNewestRunOfThatName()
    {
        var root = Path.Combine(tiny.Folder, "stems");
        foreach (var name in new[] { "x-20260101-000000", "x-20260102-000000", "x-20260102-000000-2", "x-20260102-000000-10", "xy-20270101-000000" })
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            await File.WriteAllTextAsync(Path.Combine(root, name, RunDirectory.ConfigFileName), "{}");
        }
        Directory.CreateDirectory(Path.Combine(root, "x-20300101-000000")); // not a run: no resolved config

        Assert.Equal(Path.Combine(root, "x-20260102-000000-10"), LmTrainedRun.Find(Path.Combine(root, "x")));
        Assert.Equal(Path.Combine(root, "x-20260101-000000"), LmTrainedRun.Find(Path.Combine(root, "x-20260101-000000")));
        Assert.Null(LmTrainedRun.Find(Path.Combine(root, "y")));
    }

    [Fact]
    public async Task MissingRun_IsAConfigErrorAtTrainedRun()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => tiny.LaunchAsync("missing.json", ThermoJson(Path.Combine(tiny.Folder, "nowhere", "lm"))));
        Assert.Equal("$.trainedRun", error.JsonPath);
        Assert.Contains("neurothermo run configs/lm-fortunes.json", error.Message);
    }

    [Fact]
    public async Task RunWithoutAModel_IsARunDirectoryErrorNamingTheFile()
    {
        var trained = await tiny.TrainAsync();
        var bare = Directory.CreateDirectory(Path.Combine(tiny.Folder, "bare")).FullName;
        File.Copy(Path.Combine(trained, RunDirectory.ConfigFileName), Path.Combine(bare, RunDirectory.ConfigFileName));
        File.Copy(Path.Combine(trained, "tokenizer.json"), Path.Combine(bare, "tokenizer.json"));

        var error = await Assert.ThrowsAsync<RunDirectoryException>(() => tiny.LaunchAsync("bare.json", ThermoJson(bare)));
        Assert.Contains("has no best.safetensors", error.Message);
        Assert.Equal(bare, error.Directory);
    }

    [Fact]
    public async Task PromptTheTokenizerCannotEncode_IsAConfigErrorAtThatPrompt()
    {
        var trained = await tiny.TrainAsync();
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            tiny.LaunchAsync("unknown.json", ThermoJson(trained).Replace("\"%\\n\"", "\"Zebra\"")));
        Assert.Equal("$.prompts[1]", error.JsonPath);
        Assert.Contains("U+005A", error.Message);
    }

    [Fact]
    public async Task EmptyGrid_IsAConfigErrorAtTemperatureMax()
    {
        var trained = await tiny.TrainAsync();
        var error = await Assert.ThrowsAsync<ConfigException>(() =>
            tiny.LaunchAsync("grid.json", ThermoJson(trained, ", \"temperatureMin\": 3, \"temperatureMax\": 2")));
        Assert.Equal("$.temperatureMax", error.JsonPath);
    }

    // −Σ p ln p of softmax(z) for the next token after `prompt`, straight from best.safetensors.
    private static double ModelEntropy(string runDirectory, string prompt)
    {
        var tokenizer = TokenizerFile.Load(Path.Combine(runDirectory, "tokenizer.json"));
        var config = ConfigLoader.Load(Path.Combine(runDirectory, RunDirectory.ConfigFileName), [], ExperimentRegistry.CreateBuiltIn()).ConfigAs<LmTrainConfig>();
        using var model = new TransformerLanguageModel(config.Model(tokenizer.VocabularySize));
        model.load_safetensors(Path.Combine(runDirectory, "best.safetensors"));
        model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var ids = tokenizer.Encode(prompt).Select(t => (long)t).ToArray();
        var logits = model.forward(torch.tensor(ids, [1, ids.Length])).select(1, ids.Length - 1).squeeze(0).to(ScalarType.Float64); // (V)
        var logP = torch.nn.functional.log_softmax(logits, 0);
        return -logP.exp().mul(logP).sum().ItemAs<double>();
    }
}
