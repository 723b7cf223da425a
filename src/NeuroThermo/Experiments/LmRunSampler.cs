using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Models.Transformer;
using NeuroThermo.Torch;
using NeuroThermo.Torch.Serialization;

namespace NeuroThermo.Experiments;

/// <summary>One sample: the text (prompt included), ln p of its new tokens, and their mean entropy in nats.</summary>
public sealed record LmSample(string Text, double LogProbability, double MeanEntropy);

/// <summary>Text drawn from the best-validation model of an <c>lm.train</c> run directory.</summary>
public sealed class LmRunSampler : IDisposable
{
    private readonly ITokenizer _tokenizer;
    private readonly TransformerLanguageModel _model;

    private LmRunSampler(ITokenizer tokenizer, TransformerLanguageModel model)
    {
        _tokenizer = tokenizer;
        _model = model;
    }

    /// <summary>The run's tokenizer.</summary>
    public ITokenizer Tokenizer => _tokenizer;

    /// <summary>The run's best-validation model, in eval mode.</summary>
    public TransformerLanguageModel Model => _model;

    /// <summary>Loads the tokenizer and best-validation model of the run in <paramref name="runDirectory"/>.</summary>
    /// <exception cref="RunDirectoryException">The run has no tokenizer or no best model yet.</exception>
    public static LmRunSampler Open(string runDirectory, LmTrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var file in new[] { LmTrainExperiment.TokenizerFileName, LmTrainExperiment.BestModelFileName })
            if (!File.Exists(Path.Combine(runDirectory, file)))
                throw new RunDirectoryException(runDirectory, $"has no {file}; train the run past its first evaluation (or resume it) first");
        var tokenizer = TokenizerFile.Load(Path.Combine(runDirectory, LmTrainExperiment.TokenizerFileName));
        var model = new TransformerLanguageModel(config.Model(tokenizer.VocabularySize));
        try
        {
            model.load(Path.Combine(runDirectory, LmTrainExperiment.BestModelFileName));
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new LmRunSampler(tokenizer, model);
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> (a newline when empty) by <paramref name="tokens"/> tokens drawn with
    /// <paramref name="sampling"/> from a generator seeded with <paramref name="seed"/>. <paramref name="onText"/>,
    /// if given, receives the new text piece by piece as tokens are drawn (a piece waits while it ends inside a
    /// character that later byte tokens complete).
    /// </summary>
    public LmSample Sample(string prompt, int tokens, SamplingConfig sampling, ulong seed, Action<string>? onText = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var promptTokens = _tokenizer.Encode(prompt.Length == 0 ? "\n" : prompt).Select(t => (long)t).ToArray();
        using var generator = new Generator(seed);
        var stream = onText is null ? null : new TextStream(_tokenizer, onText);
        var generated = TokenGenerator.Generate(_model, [promptTokens], tokens, sampling, generator,
            onToken: stream is null ? null : drawn => stream.Add((int)drawn[0]));
        stream?.Flush();
        var entropies = generated.Entropies[0];
        return new LmSample(_tokenizer.Decode(generated.Tokens[0].Select(t => (int)t).ToArray()),
            generated.LogProbabilities[0], entropies.Length == 0 ? 0 : entropies.Average());
    }

    /// <summary>
    /// One sample from the run in <paramref name="runDirectory"/>: the text (prompt included) and the
    /// log-probability of the new tokens under the sampling distribution.
    /// </summary>
    public static (string Text, double LogProbability) Sample(
        string runDirectory, LmTrainConfig config, SamplingConfig sampling, int tokens, ulong seed, string prompt)
    {
        using var sampler = Open(runDirectory, config);
        var sample = sampler.Sample(prompt, tokens, sampling, seed);
        return (sample.Text, sample.LogProbability);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    /// <summary>
    /// Decodes the tokens drawn so far and passes on the text not yet passed on. A byte-level token can end in
    /// the middle of a UTF-8 character, which decodes as U+FFFD until the next token completes it, so trailing
    /// replacement characters are held back.
    /// </summary>
    private sealed class TextStream(ITokenizer tokenizer, Action<string> onText)
    {
        private readonly List<int> _tokens = [];
        private int _written;

        public void Add(int token)
        {
            _tokens.Add(token);
            Write(holdBack: true);
        }

        /// <summary>Passes on what is left, replacement characters included: the sample is over.</summary>
        public void Flush() => Write(holdBack: false);

        private void Write(bool holdBack)
        {
            var text = tokenizer.Decode(_tokens.ToArray());
            var end = text.Length;
            while (holdBack && end > _written && text[end - 1] == '\uFFFD')
                end--;
            if (end <= _written)
                return;
            onText(text[_written..end]);
            _written = end;
        }
    }
}
