using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Energies;

/// <summary>
/// The quartic double well in one dimension, E(x) = h (x² − a²)², minima at ±a and a barrier of height h a⁴ at 0
/// (E'' = 8 h a² in the wells, −4 h a² on the barrier). ∇E = 4 h x (x² − a²).
/// </summary>
public sealed class DoubleWellEnergy : ContinuousEnergy
{
    public DoubleWellEnergy(double height = 1, double minimum = 1)
    {
        SeriesChecks.CheckPositive(height, nameof(height), "The height h");
        SeriesChecks.CheckPositive(minimum, nameof(minimum), "The position a of the minima");
        Height = height;
        Minimum = minimum;
    }

    /// <summary>h.</summary>
    public double Height { get; }

    /// <summary>a.</summary>
    public double Minimum { get; }

    public override int Dimension => 1;

    public override Tensor forward(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        return (Height * (x.squeeze(1).square() - Minimum * Minimum).square()).MoveToOuterDisposeScope();
    }

    /// <summary>4 h x (x² − a²).</summary>
    public override Tensor Gradient(Tensor x)
    {
        CheckBatch(x);
        using var scope = torch.NewDisposeScope();
        var y = x.detach();
        return (4 * Height * y * (y.square() - Minimum * Minimum)).MoveToOuterDisposeScope();
    }
}
