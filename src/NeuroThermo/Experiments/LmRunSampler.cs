using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Models.Transformer;
using NeuroThermo.Torch;
using NeuroThermo.Torch.Serialization;

namespace NeuroThermo.Experiments;

/// <summary>Text drawn from the best-validation model of an <c>lm.train</c> run directory.</summary>
public static class LmRunSampler
{
    /// <summary>
    /// Continues <paramref name="prompt"/> by <paramref name="tokens"/> tokens drawn with
    /// <paramref name="sampling"/> from a generator seeded with <paramref name="seed"/>; returns the text
    /// (prompt included) and the log-probability of the new tokens under the sampling distribution.
    /// </summary>
    public static (string Text, double LogProbability) Sample(
        string runDirectory, LmTrainConfig config, SamplingConfig sampling, int tokens, ulong seed, string prompt)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var file in new[] { LmTrainExperiment.TokenizerFileName, LmTrainExperiment.BestModelFileName })
            if (!File.Exists(Path.Combine(runDirectory, file)))
                throw new RunDirectoryException(runDirectory, $"has no {file}; train the run past its first evaluation (or resume it) first");
        var tokenizer = TokenizerFile.Load(Path.Combine(runDirectory, LmTrainExperiment.TokenizerFileName));
        using var model = new TransformerLanguageModel(config.Model(tokenizer.VocabularySize));
        model.load(Path.Combine(runDirectory, LmTrainExperiment.BestModelFileName));
        var promptTokens = tokenizer.Encode(prompt.Length == 0 ? "\n" : prompt).Select(t => (long)t).ToArray();
        using var generator = new Generator(seed);
        var generated = TokenGenerator.Generate(model, [promptTokens], tokens, sampling, generator);
        return (tokenizer.Decode(generated.Tokens[0].Select(t => (int)t).ToArray()), generated.LogProbabilities[0]);
    }
}
