using System.CommandLine;
using System.Globalization;
using NeuroThermo.Data.Corpora;
using NeuroThermo.Experiments;
using NeuroThermo.Models.Transformer;

namespace NeuroThermo.Cli;

/// <summary>
/// <c>neurothermo sample &lt;run-dir&gt;</c>: draws samples from a trained run's model. The language model
/// (<c>lm.train</c>) samples text at a temperature, with optional top-k and top-p; other kinds say that
/// they cannot sample.
/// </summary>
internal static class SampleCommand
{
    public static Command Create(CliEnvironment environment, Option<bool> verbose)
    {
        var directory = Cli.RunDirectoryArgument();
        var temperature = new Option<string>("--temperature")
        {
            Description = "T ≥ 0 (β = 1/T), or a comma-separated list such as 0.5,1,1.5; 0 is greedy, 1 the model's distribution.",
            DefaultValueFactory = _ => "1",
        };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most probable tokens; 0 keeps all.", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "Keep the most probable tokens up to this mass; 1 keeps all.", DefaultValueFactory = _ => 1.0 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to generate per sample.", DefaultValueFactory = _ => 500 };
        var samples = new Option<int>("--samples") { Description = "Samples per temperature; sample k uses seed + k at every temperature.", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Seed of the sampling generator.", DefaultValueFactory = _ => 0 };
        var prompt = new Option<string>("--prompt") { Description = "Text to continue.", DefaultValueFactory = _ => "\n" };
        var promptFile = new Option<string?>("--prompt-file") { Description = "A UTF-8 file whose text to continue (instead of --prompt)." };
        var device = new DeviceOption();
        var command = new Command("sample", "Draw samples from a trained run's model (for kinds that can sample), streaming them as they are drawn.")
        {
            directory, temperature, topK, topP, tokens, samples, seed, prompt, promptFile, device.Option,
        };
        command.SetAction((parse, cancellation) => CliErrors.Guard(environment, parse.GetValue(verbose), "Sampling failed", () =>
        {
            string path = parse.GetValue(directory)!;
            var deviceName = device.Value(parse);
            var run = RunDirectory.Open(path);
            var loaded = ConfigLoader.Load(run.ConfigFile, [], environment.Registry);
            if (loaded.Config is not LmTrainConfig)
                throw new RunDirectoryException(path, $"holds a run of experiment kind '{loaded.Kind.Name}', for which sampling is not available yet");
            // Sampling writes nothing into the run, so --device here is for this command alone.
            loaded = ConfigLoader.Load(run.ConfigFile, [], environment.Registry, deviceName);
            ExperimentLauncher.CheckDevice(loaded, distributed: false);
            var config = (LmTrainConfig)loaded.Config;
            var temperatures = ParseTemperatures(parse.GetValue(temperature) ?? "1");
            var count = parse.GetValue(samples);
            if (count < 1)
                throw new CliUsageException($"--samples must be at least 1, not {count}.");
            var settings = temperatures.Select(t => Validated(path, new SamplingConfig
            {
                Temperature = t, TopK = parse.GetValue(topK), TopP = parse.GetValue(topP),
            })).ToArray();
            var text = PromptText(parse.GetValue(promptFile), parse.GetValue(prompt));
            var firstSeed = unchecked((ulong)parse.GetValue(seed));
            var length = Math.Max(0, parse.GetValue(tokens));
            using var sampler = LmRunSampler.Open(run, config);
            var headed = settings.Length * count > 1;
            foreach (var sampling in settings)
                for (var k = 0; k < count && !cancellation.IsCancellationRequested; k++)
                {
                    var sampleSeed = unchecked(firstSeed + (ulong)k);
                    if (headed)
                        environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"# T = {sampling.Temperature:G4}, sample {k + 1} of {count}, seed {sampleSeed}"));
                    environment.Out.Write(text.Length == 0 ? "\n" : text);
                    var sample = sampler.Sample(text, length, sampling, sampleSeed, piece =>
                    {
                        environment.Out.Write(piece);
                        environment.Out.Flush();
                    });
                    environment.Out.WriteLine();
                    environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"# ln p of the new tokens: {sample.LogProbability:F2}; mean entropy {sample.MeanEntropy:F3} nats per token"));
                }
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    private static double[] ParseTemperatures(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new CliUsageException($"--temperature takes numbers separated by commas, such as 0.5,1,1.5; '{parts[i]}' is not a number.");
        return values.Length > 0 ? values : throw new CliUsageException("--temperature needs at least one value, such as 1 or 0.5,1,1.5.");
    }

    private static SamplingConfig Validated(string path, SamplingConfig sampling)
    {
        try
        {
            sampling.Validate();
            return sampling;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new RunDirectoryException(path, $"cannot be sampled with {e.ParamName} = {e.ActualValue} ({e.Message.Split('\n')[0]})");
        }
    }

    private static string PromptText(string? file, string? prompt)
    {
        if (file is null)
            return prompt ?? "\n";
        if (!File.Exists(file))
            throw new CliUsageException($"The prompt file '{file}' does not exist.");
        try
        {
            return new StreamReader(file, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true)).ReadToEnd();
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new CliUsageException($"The prompt file '{file}' is not UTF-8 text.");
        }
    }
}
