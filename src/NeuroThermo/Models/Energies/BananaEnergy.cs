using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Energies;

/// <summary>
/// A banana-shaped energy in the plane: E(x, y) = x²/(2 s²) + (y − b x² + b s²)²/2. At β = 1, x ~ N(0, s²) and, given x,
/// y ~ N(b (x² − s²), 1): a Gaussian bent along a parabola, with mean (0, 0) and Var y = 1 + 2 b² s⁴. The curvature
/// b makes step sizes that suit the tips too large for the middle, which is what a Langevin sampler must cope with.
/// ∇E = (x/s² − 2 b x r, r) with r = y − b x² + b s².
/// </summary>
public sealed class BananaEnergy : ContinuousEnergy
{
    public BananaEnergy(double width = 1.5, double bend = 0.5)
    {
        SeriesChecks.CheckPositive(width, nameof(width), "The width s");
        if (!double.IsFinite(bend)) throw new ArgumentOutOfRangeException(nameof(bend), bend, "The bend b must be finite.");
        Width = width;
        Bend = bend;
    }

    /// <summary>s, the standard deviation of x at β = 1.</summary>
    public double Width { get; }

    /// <summary>b, the curvature of the parabola y = b (x² − s²).</summary>
    public double Bend { get; }

    public override int Dimension => 2;

    public override Tensor forward(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        var (u, residual) = Split(x);
        return (u.square() / (2 * Width * Width) + 0.5 * residual.square()).MoveToOuterDisposeScope();
    }

    /// <summary>(x/s² − 2 b x r, r), r = y − b x² + b s².</summary>
    public override Tensor Gradient(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        var (u, residual) = Split(x.detach());
        return torch.stack([u / (Width * Width) - 2 * Bend * u * residual, residual], 1).MoveToOuterDisposeScope();
    }

    private (Tensor U, Tensor Residual) Split(Tensor x)
    {
        var u = x.select(1, 0);
        var residual = x.select(1, 1) - Bend * u.square() + Bend * Width * Width;
        return (u, residual);
    }
}
