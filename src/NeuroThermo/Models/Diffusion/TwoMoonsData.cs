using NeuroThermo.Torch;

namespace NeuroThermo.Models.Diffusion;

/// <summary>
/// Two interleaved half circles of radius 1: the upper one (cos θ, sin θ) and the lower one (1 − cos θ, ½ − sin θ),
/// θ ~ U(0, π), each point jittered by N(0, σ² I). Rows alternate between the moons, so each holds half the points.
/// </summary>
public static class TwoMoonsData
{
    /// <summary><paramref name="count"/> points (count, 2) as float32, every draw from <paramref name="generator"/>.</summary>
    public static Tensor Sample(int count, double noise, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(noise);
        ArgumentNullException.ThrowIfNull(generator);
        using var scope = torch.NewDisposeScope();
        var theta = torch.rand([count], ScalarType.Float64, generator) * Math.PI;           // (N)
        var lower = torch.tensor(Enumerable.Range(0, count).Select(i => (double)(i % 2)).ToArray()); // (N): 0 upper, 1 lower
        var x = theta.cos() * (1 - 2 * lower) + lower;                                      // cos θ or 1 − cos θ
        var y = theta.sin() * (1 - 2 * lower) + lower * 0.5;                                // sin θ or ½ − sin θ
        var points = torch.stack([x, y], 1) + torch.randn([count, 2], ScalarType.Float64, generator) * noise; // (N, 2)
        return points.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
