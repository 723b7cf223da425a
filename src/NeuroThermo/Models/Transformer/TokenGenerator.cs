using NeuroThermo.Torch;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// Autoregressive generation: repeatedly compute the logits of the last position, draw a token with
/// <see cref="TokenSampler"/>, append it. With a <see cref="KeyValueCache"/> each new token costs one
/// position; without it the whole (cropped) context is recomputed. Both give the same logits: when the
/// cache fills the context, it is rebuilt from the last ContextLength tokens, which is exactly the window
/// the full computation crops to.
/// </summary>
public static class TokenGenerator
{
    /// <summary>
    /// Extends each row of <paramref name="prompt"/> (B rows of equal, non-zero length) by
    /// <paramref name="count"/> tokens. The model is put in eval mode and run without gradients.
    /// </summary>
    public static GeneratedTokens Generate(TransformerLanguageModel model, long[][] prompt, int count,
        SamplingConfig sampling, Generator generator, bool useCache = true)
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
        using var cache = useCache ? new CacheHolder(model) : null;
        for (var step = 0; step < count; step++)
        {
            using var scope = torch.NewDisposeScope();
            var logits = cache is null ? FullContextLogits(model, rows) : cache.NextLogits(rows);
            var drawn = TokenSampler.Sample(logits, sampling, generator);
            for (var b = 0; b < rows.Length; b++)
            {
                rows[b].Add(drawn.Tokens[b]);
                logProbabilities[b] += drawn.LogProbabilities[b]; // chain rule
                entropies[b][step] = drawn.Entropies[b];
            }
        }
        return new GeneratedTokens(rows.Select(row => row.ToArray()).ToArray(), logProbabilities, entropies);
    }

    private static Tensor FullContextLogits(TransformerLanguageModel model, List<long>[] rows)
    {
        var window = Window(rows, model.Config.ContextLength, rows[0].Count);
        var logits = model.Forward(window, null); // (B, T, V)
        return logits.select(1, logits.size(1) - 1); // (B, V)
    }

    private static Tensor Window(List<long>[] rows, int contextLength, int length)
    {
        var take = Math.Min(length, contextLength);
        var ids = rows.SelectMany(row => row.Skip(row.Count - take).Take(take)).ToArray();
        return torch.tensor(ids, [rows.Length, take]); // (B, T)
    }

    /// <summary>A cache and the number of tokens of each row it already holds.</summary>
    private sealed class CacheHolder(TransformerLanguageModel model) : IDisposable
    {
        private KeyValueCache _cache = new(model.Config.LayerCount);
        private int _consumed;

        public Tensor NextLogits(List<long>[] rows)
        {
            var length = rows[0].Count;
            Tensor fresh;
            if (_cache.Length + (length - _consumed) > model.Config.ContextLength)
            {
                _cache.Dispose();
                _cache = new KeyValueCache(model.Config.LayerCount);
                fresh = Window(rows, model.Config.ContextLength, length);
            }
            else
            {
                var ids = rows.SelectMany(row => row.Skip(_consumed)).ToArray();
                fresh = torch.tensor(ids, [rows.Length, length - _consumed]); // (B, T_new)
            }
            _consumed = length;
            var logits = model.Forward(fresh, _cache); // (B, T_new, V)
            return logits.select(1, logits.size(1) - 1); // (B, V)
        }

        public void Dispose() => _cache.Dispose();
    }
}

/// <summary>Generated rows (prompt included), each row's ln p of its new tokens, and per-token entropies.</summary>
public sealed record GeneratedTokens(long[][] Tokens, double[] LogProbabilities, double[][] Entropies);
