using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Transformer;

/// <summary>What generation conditions on once a row is longer than the model's context.</summary>
public enum ContextWindow
{
    /// <summary>
    /// The last ContextLength tokens, for every new token, as a model without a cache (and nanoGPT) does. A key/value
    /// cache cannot slide with learned absolute positions — every cached key would change position — so each
    /// token past the context recomputes the whole window.
    /// </summary>
    Slide,

    /// <summary>
    /// When the window is full, restart it from the last half of the context and grow it one token at a time until it
    /// is full again: with a cache a token then costs one position, plus a half-context prefill every T/2 tokens. The
    /// model conditions on between T/2 and T tokens instead of always T.
    /// </summary>
    Refill,
}

/// <summary>
/// Autoregressive generation: repeatedly compute the logits of the last position, draw a token with
/// <see cref="TokenSampler"/>, append it. With a <see cref="KeyValueCache"/> each new token costs one
/// position; without it the whole window is recomputed. Both give the same logits, because both compute the
/// window the <see cref="ContextWindow"/> policy chooses; the cache is rebuilt whenever that window restarts.
/// </summary>
public static class TokenGenerator
{
    /// <summary>
    /// Extends each row of <paramref name="prompt"/> (B rows of equal, non-zero length) by
    /// <paramref name="count"/> tokens. The model is put in eval mode and run without gradients.
    /// <paramref name="onToken"/>, if given, receives each step's new tokens (one per row) as soon as they are drawn.
    /// </summary>
    public static GeneratedTokens Generate(TransformerLanguageModel model, long[][] prompt, int count,
        SamplingConfig sampling, Generator generator, bool useCache = true, ContextWindow window = ContextWindow.Refill,
        Action<long[]>? onToken = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (prompt.Length == 0 || prompt[0].Length == 0 || prompt.Any(row => row.Length != prompt[0].Length))
            throw new ArgumentException("The prompt needs at least one row, all rows of the same non-zero length.", nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        sampling.Validate();
        model.eval();
        using var noGrad = torch.no_grad();
        var rows = prompt.Select(row => row.ToList()).ToArray();
        var logProbabilities = new double[rows.Length];
        var entropies = rows.Select(_ => new double[count]).ToArray();
        var span = new WindowStart(window, model.Config.ContextLength);
        using var cache = useCache ? new CacheHolder(model) : null;
        using var threads = useCache && StepIsSmall(model, rows.Length) ? Threads.Limit(1) : null;
        for (var step = 0; step < count; step++)
        {
            using var scope = torch.NewDisposeScope();
            var (start, restarted) = span.Advance(rows[0].Count);
            var logits = cache is null ? WindowLogits(model, rows, start) : cache.NextLogits(rows, start, restarted);
            var drawn = TokenSampler.Sample(logits, sampling, generator);
            for (var b = 0; b < rows.Length; b++)
            {
                rows[b].Add(drawn.Tokens[b]);
                logProbabilities[b] += drawn.LogProbabilities[b]; // chain rule
                entropies[b][step] = drawn.Entropies[b];
            }
            onToken?.Invoke(drawn.Tokens);
        }
        return new GeneratedTokens(rows.Select(row => row.ToArray()).ToArray(), logProbabilities, entropies);
    }

    /// <summary>
    /// Whether a cached step — every row's one new position through every weight matrix — is too little work to
    /// share among threads: B·d_model² multiply–adds per matrix under about a million take microseconds, less than
    /// waking a second thread costs per operation (measured in docs/benchmarks.md: one thread generates faster than
    /// two for the fortunes and Shakespeare models).
    /// </summary>
    private static bool StepIsSmall(TransformerLanguageModel model, int rows)
    {
        const long SmallStepMultiplyAdds = 1L << 20;
        long width = model.Config.EmbeddingSize;
        return rows * width * width <= SmallStepMultiplyAdds;
    }

    private static Tensor WindowLogits(TransformerLanguageModel model, List<long>[] rows, int start)
    {
        var logits = model.Forward(Tokens(rows, start), null); // (B, T, V)
        return logits.select(1, logits.size(1) - 1); // (B, V)
    }

    /// <summary>Token ids (B, length − start) of every row from position <paramref name="start"/> on.</summary>
    private static Tensor Tokens(List<long>[] rows, int start)
    {
        var length = rows[0].Count;
        var ids = rows.SelectMany(row => row.Skip(start)).ToArray();
        return torch.tensor(ids, [rows.Length, length - start]); // (B, T)
    }

    /// <summary>Where the window of the next logits starts, by the policy; tracks the start between steps.</summary>
    private sealed class WindowStart(ContextWindow policy, int contextLength)
    {
        private int _start = -1;

        /// <summary>The window's first position for rows of <paramref name="length"/>, and whether it moved.</summary>
        public (int Start, bool Moved) Advance(int length)
        {
            var previous = _start;
            if (_start < 0)
                _start = Math.Max(0, length - contextLength); // the prompt, cropped to the context
            else if (length - _start > contextLength)
                _start = policy == ContextWindow.Slide ? length - contextLength : length - Math.Max(1, contextLength / 2);
            return (_start, _start != previous);
        }
    }

    /// <summary>A cache of the window's positions and the number of tokens of each row it already holds.</summary>
    private sealed class CacheHolder(TransformerLanguageModel model) : IDisposable
    {
        private KeyValueCache _cache = new(model.Config.LayerCount);
        private int _consumed;

        public Tensor NextLogits(List<long>[] rows, int start, bool restarted)
        {
            if (restarted)
            {
                _cache.Dispose();
                _cache = new KeyValueCache(model.Config.LayerCount);
                _consumed = start;
            }
            var fresh = Tokens(rows, _consumed); // (B, T_new): the positions the cache has not seen
            _consumed = rows[0].Count;
            var logits = model.Forward(fresh, _cache); // (B, T_new, V)
            return logits.select(1, logits.size(1) - 1); // (B, V)
        }

        public void Dispose() => _cache.Dispose();
    }
}

/// <summary>Generated rows (prompt included), each row's ln p of its new tokens, and per-token entropies.</summary>
public sealed record GeneratedTokens(long[][] Tokens, double[] LogProbabilities, double[][] Entropies);
