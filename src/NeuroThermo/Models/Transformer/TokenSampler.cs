using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Transformer;

/// <summary>
/// Draws next tokens from logits (B, V) under a <see cref="SamplingConfig"/>, every draw from an explicit
/// <see cref="Generator"/>. Also gives, per row, the log-probability of the drawn token and the entropy
/// (in nats) of the distribution it was drawn from, so that a sequence's log-probability follows by the
/// chain rule ln p(x_1…x_n) = Σ_t ln p(x_t | x_&lt;t).
/// </summary>
public static class TokenSampler
{
    /// <summary>The distribution (B, V) the config samples from: softmax(z/T), truncated by top-k and top-p.</summary>
    public static Tensor Distribution(Tensor logits, SamplingConfig config)
    {
        config.Validate();
        using var scope = torch.NewDisposeScope();
        var vocabulary = logits.size(-1);
        if (config.Temperature == 0)
            // β → ∞: all mass on the lowest energy, i.e. the largest logit (first one on ties).
            return torch.nn.functional.one_hot(logits.argmax(-1), vocabulary).to(logits.dtype).MoveToOuterDisposeScope();
        var scaled = logits.div(config.Temperature); // β·z
        if ((config.TopK <= 0 || config.TopK >= vocabulary) && config.TopP >= 1)
            return torch.nn.functional.softmax(scaled, -1).MoveToOuterDisposeScope(); // nothing truncated
        var (sorted, order) = scaled.sort(-1, descending: true, stable: true); // (B, V) each
        var keepSorted = torch.ones_like(sorted).eq(1); // (B, V) true
        if (config.TopK > 0 && config.TopK < vocabulary)
            keepSorted = keepSorted.logical_and(torch.arange(vocabulary).lt(config.TopK)); // rank < k
        if (config.TopP < 1)
        {
            // Keep a token when the mass of the tokens ranked above it is still below p; the first always stays.
            var probabilities = torch.nn.functional.softmax(sorted.masked_fill(keepSorted.logical_not(), double.NegativeInfinity), -1);
            var massBefore = probabilities.cumsum(-1).sub(probabilities);
            keepSorted = keepSorted.logical_and(massBefore.lt(config.TopP));
        }
        var keep = torch.zeros_like(keepSorted).scatter(-1, order, keepSorted); // back to vocabulary order
        var truncated = scaled.masked_fill(keep.logical_not(), double.NegativeInfinity);
        return torch.nn.functional.softmax(truncated, -1).MoveToOuterDisposeScope();
    }

    /// <summary>One token per row of logits (B, V), with its log-probability and the distribution's entropy.</summary>
    public static SampledTokens Sample(Tensor logits, SamplingConfig config, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var probabilities = Distribution(logits, config); // (B, V)
        var tokens = torch.multinomial(probabilities, 1, generator: generator); // (B, 1)
        var logProbabilities = probabilities.log();
        var chosen = logProbabilities.gather(-1, tokens).squeeze(-1); // (B)
        // 0 · ln 0 = 0: truncated tokens add nothing to the entropy.
        var entropy = probabilities.mul(logProbabilities.masked_fill(probabilities.eq(0), 0)).sum(-1).neg(); // (B)
        return new SampledTokens(
            tokens.squeeze(-1).ToArray<long>(),
            chosen.to(ScalarType.Float64).ToArray<double>(),
            entropy.to(ScalarType.Float64).ToArray<double>());
    }
}

/// <summary>One drawn token per row, ln p of it, and the entropy (nats) of the distribution drawn from.</summary>
public sealed record SampledTokens(long[] Tokens, double[] LogProbabilities, double[] Entropies);
