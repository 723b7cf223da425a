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
        var temperature = new Option<double>("--temperature") { Description = "T ≥ 0 (β = 1/T); 0 is greedy, 1 the model's distribution.", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most probable tokens; 0 keeps all.", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "Keep the most probable tokens up to this mass; 1 keeps all.", DefaultValueFactory = _ => 1.0 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to generate.", DefaultValueFactory = _ => 500 };
        var seed = new Option<long>("--seed") { Description = "Seed of the sampling generator.", DefaultValueFactory = _ => 0 };
        var prompt = new Option<string>("--prompt") { Description = "Text to continue.", DefaultValueFactory = _ => "\n" };
        var command = new Command("sample", "Draw samples from a trained run's model (for kinds that can sample).")
        {
            directory, temperature, topK, topP, tokens, seed, prompt,
        };
        command.SetAction((parse, _) => CliErrors.Guard(environment, parse.GetValue(verbose), "Sampling failed", () =>
        {
            string path = parse.GetValue(directory)!;
            var run = RunDirectory.Open(path);
            var loaded = ConfigLoader.Load(run.ConfigFile, [], environment.Registry);
            if (loaded.Config is not LmTrainConfig config)
                throw new RunDirectoryException(path, $"holds a run of experiment kind '{loaded.Kind.Name}', for which sampling is not available yet");
            var sampling = new SamplingConfig
            {
                Temperature = parse.GetValue(temperature), TopK = parse.GetValue(topK), TopP = parse.GetValue(topP),
            };
            try
            {
                sampling.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new RunDirectoryException(path, $"cannot be sampled with {e.ParamName} = {e.ActualValue} ({e.Message.Split('\n')[0]})");
            }
            var (text, logProbability) = LmRunSampler.Sample(path, config, sampling, Math.Max(0, parse.GetValue(tokens)),
                unchecked((ulong)parse.GetValue(seed)), parse.GetValue(prompt) ?? "\n");
            environment.Out.WriteLine(text);
            environment.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# ln p of the new tokens: {logProbability:F2}"));
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
