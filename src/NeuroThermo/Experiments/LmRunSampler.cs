using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>One sample: the text (prompt included), ln p of its new tokens, and their mean entropy in nats.</summary>
public sealed record LmSample(string Text, double LogProbability, double MeanEntropy);

/// <summary>Text drawn from the best-validation model of an <c>lm.train</c> run directory.</summary>
public sealed class LmRunSampler : IDisposable
{
    private readonly LmTrainedRun _run;

    private LmRunSampler(LmTrainedRun run) => _run = run;

    /// <summary>The run's tokenizer.</summary>
    public ITokenizer Tokenizer => _run.Tokenizer;

    /// <summary>The run's best-validation model, in eval mode.</summary>
    public TransformerLanguageModel Model => _run.Model;

    /// <summary>Loads the tokenizer and best-validation model of <paramref name="run"/>, trained with <paramref name="config"/>.</summary>
    /// <exception cref="RunDirectoryException">The run has no tokenizer or no best model yet, or the model does not load.</exception>
    public static LmRunSampler Open(RunDirectory run, LmTrainConfig config) => new(LmTrainedRun.Open(run, config));

    /// <summary>
    /// Continues <paramref name="prompt"/> (a newline when empty) by <paramref name="tokens"/> tokens drawn with
    /// <paramref name="sampling"/> from a generator seeded with <paramref name="seed"/>. <paramref name="onText"/>,
    /// if given, receives the new text piece by piece as tokens are drawn (a piece waits while it ends inside a
    /// character that later byte tokens complete).
    /// </summary>
    public LmSample Sample(string prompt, int tokens, SamplingConfig sampling, ulong seed, Action<string>? onText = null)
    {
        var promptTokens = _run.Encode(prompt);
        using var generator = new Generator(seed);
        var stream = onText is null ? null : new TextStream(Tokenizer, onText);
        var generated = TokenGenerator.Generate(Model, [promptTokens], tokens, sampling, generator,
            onToken: stream is null ? null : drawn => stream.Add((int)drawn[0]));
        stream?.Flush();
        var entropies = generated.Entropies[0];
        return new LmSample(Tokenizer.Decode(generated.Tokens[0].Select(t => (int)t).ToArray()),
            generated.LogProbabilities[0], entropies.Length == 0 ? 0 : entropies.Average());
    }

    /// <inheritdoc />
    public void Dispose() => _run.Dispose();

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
