using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// Dropout whose mask comes from an explicit generator: while training each element is kept with probability
/// 1 − p and scaled by 1 / (1 − p); in eval mode it is the identity. TorchSharp's Dropout draws from the global
/// generator, which a seeded run must not depend on.
/// </summary>
public sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly Generator? _generator;

    public SeededDropout(double p = 0.5, Generator? generator = null) : base(nameof(SeededDropout))
    {
        if (p is < 0 or > 1 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), p, "must be in [0, 1]");
        this.p = p;
        _generator = generator;
    }

    /// <summary>The probability that an element is zeroed.</summary>
    public double p { get; }

    public override Tensor forward(Tensor input)
    {
        if (!training || p == 0) return input.alias();
        if (p == 1) return zeros_like(input);
        using var keep = empty_like(input).bernoulli_(1 - p, _generator);
        return input * keep / (1 - p);
    }
}
