using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>
/// Two interleaved half circles of radius 1 in the plane, centred so the whole set has mean zero. The upper moon is
/// (cos θ − ½, sin θ − ¼) for θ uniform on [0, π]; the lower moon is its point reflection through the origin,
/// −(cos θ − ½, sin θ − ¼). Each point picks a moon with probability ½ and gets isotropic Gaussian noise of
/// standard deviation <c>noise</c>. Since E[cos θ] = 0 and E[sin θ] = 2/π, the upper moon's mean is
/// (−½, 2/π − ¼) and the lower moon's is its negative.
/// </summary>
public static class Toy2dMoons
{
    /// <summary>A common noise level: the two moons stay visibly apart.</summary>
    public const double DefaultNoise = 0.1;

    /// <summary>Mean of the upper moon (moon 0) before noise: (−½, 2/π − ¼); the lower moon's is its negative.</summary>
    public static (double X, double Y) UpperMoonMean => (-0.5, 2 / Math.PI - 0.25);

    /// <summary><paramref name="count"/> points, float64 (count, 2).</summary>
    public static Tensor Sample(long count, double noise, Generator generator)
    {
        var (points, moons) = SampleLabelled(count, noise, generator);
        moons.Dispose();
        return points;
    }

    /// <summary>Points (count, 2) and which moon each came from (count,) as int64: 0 upper, 1 lower.</summary>
    public static (Tensor Points, Tensor Moons) SampleLabelled(long count, double noise, Generator generator)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Sample at least one point.");
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be finite and non-negative.");
        using var scope = torch.NewDisposeScope();
        var theta = torch.rand([count], torch.float64, generator: generator) * Math.PI;
        var moons = torch.randint(0, 2, [count], generator: generator);
        var sign = 1.0 - 2.0 * moons.to(torch.float64);                                 // +1 upper, −1 lower
        var arc = torch.stack([theta.cos() - 0.5, theta.sin() - 0.25], 1);            // (count, 2)
        var points = arc * sign.unsqueeze(1) + noise * torch.randn([count, 2], torch.float64, generator: generator);
        return (points.MoveToOuterDisposeScope(), moons.MoveToOuterDisposeScope());
    }
}
