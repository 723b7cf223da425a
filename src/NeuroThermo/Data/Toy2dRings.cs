using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>
/// Concentric circles about the origin: each point picks ring k with probability 1/K, an angle uniform on [0, 2π),
/// sits at radius r_k and gets isotropic Gaussian noise of standard deviation <c>noise</c>. The set has mean zero and
/// E|x|² = (1/K) Σ_k r_k² + 2·noise².
/// </summary>
public static class Toy2dRings
{
    /// <summary>Two rings, radii 1 and 2: enough to show an energy with a basin between two valleys.</summary>
    public static IReadOnlyList<double> DefaultRadii { get; } = [1.0, 2.0];

    /// <summary>A common noise level: the rings stay visibly apart.</summary>
    public const double DefaultNoise = 0.08;

    /// <summary><paramref name="count"/> points, float64 (count, 2).</summary>
    public static Tensor Sample(long count, IReadOnlyList<double> radii, double noise, Generator generator)
    {
        var (points, rings) = SampleLabelled(count, radii, noise, generator);
        rings.Dispose();
        return points;
    }

    /// <summary>Points (count, 2) and the ring index of each (count,) as int64.</summary>
    public static (Tensor Points, Tensor Rings) SampleLabelled(long count, IReadOnlyList<double> radii, double noise, Generator generator)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Sample at least one point.");
        if (radii.Count == 0 || radii.Any(r => !(r > 0) || double.IsInfinity(r)))
            throw new ArgumentOutOfRangeException(nameof(radii), "Every ring needs a finite positive radius, and there must be at least one.");
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be finite and non-negative.");
        using var scope = torch.NewDisposeScope();
        var rings = torch.randint(0, radii.Count, [count], generator: generator);
        var radius = torch.tensor(radii.ToArray()).index_select(0, rings);             // (count,)
        var phi = torch.rand([count], torch.float64, generator: generator) * (2 * Math.PI);
        var circle = torch.stack([phi.cos(), phi.sin()], 1) * radius.unsqueeze(1);    // (count, 2)
        var points = circle + noise * torch.randn([count, 2], torch.float64, generator: generator);
        return (points.MoveToOuterDisposeScope(), rings.MoveToOuterDisposeScope());
    }
}
