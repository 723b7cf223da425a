using NeuroThermo.Models.Energies;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling.Langevin;

/// <summary>The exact probability of each cell of a <see cref="HistogramGrid"/> under e^{−βE}/Z, and ln Z.</summary>
/// <param name="Probabilities">One per cell, the outside cell last; they sum to 1.</param>
/// <param name="LogPartitionFunction">ln Z = ln ∫ e^{−βE(x)} dx over the quadrature domain.</param>
public sealed record BinnedBoltzmannLaw(double[] Probabilities, double LogPartitionFunction);

/// <summary>
/// Integrates e^{−βE} by the midpoint rule on a fine grid that subdivides every bin of a <see cref="HistogramGrid"/>
/// into <c>pointsPerBin</c>^d sub-cells and extends <c>marginBins</c> bins beyond the box on every side (that margin
/// is where the outside cell's mass comes from; beyond it the density is taken to be zero). Each fine point is
/// assigned a cell by <see cref="HistogramGrid.CellOf"/>, so the outside probability is a sum of non-negative terms,
/// never 1 minus the rest. The midpoint rule's relative error is about h² max|∂² ln p|/24 with h the sub-cell width.
/// </summary>
public static class BoltzmannQuadrature
{
    /// <summary>Most quadrature points evaluated at once, to bound memory.</summary>
    private const int Chunk = 1 << 16;

    public static BinnedBoltzmannLaw Integrate(ContinuousEnergy energy, double inverseTemperature, HistogramGrid grid, int pointsPerBin, int marginBins)
    {
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(grid);
        if (energy.Dimension != grid.Dimension) throw new ArgumentException($"The energy lives in {energy.Dimension} dimensions, the grid in {grid.Dimension}.", nameof(grid));
        if (grid.Dimension > 2) throw new ArgumentOutOfRangeException(nameof(grid), "Quadrature on a grid is done in one or two dimensions only.");
        if (pointsPerBin < 1) throw new ArgumentOutOfRangeException(nameof(pointsPerBin), pointsPerBin, "At least one point per bin.");
        if (marginBins < 0) throw new ArgumentOutOfRangeException(nameof(marginBins), marginBins, "The margin cannot be negative.");

        using var scope = torch.NewDisposeScope();
        var axes = new Tensor[grid.Dimension];
        var volume = 1.0;
        for (var axis = 0; axis < grid.Dimension; axis++)
        {
            var h = grid.Width(axis) / pointsPerBin;
            var points = (grid.Bins[axis] + 2 * marginBins) * pointsPerBin;
            var start = grid.Lower[axis] - marginBins * grid.Width(axis) + h / 2;
            axes[axis] = torch.arange(points, torch.float64) * h + start;                   // sub-cell midpoints
            volume *= h;
        }
        var nodes = grid.Dimension == 1
            ? axes[0].unsqueeze(1)                                                              // (P, 1)
            : torch.stack([axes[0].unsqueeze(1).expand(axes[0].shape[0], axes[1].shape[0]).reshape(-1),
                           axes[1].unsqueeze(0).expand(axes[0].shape[0], axes[1].shape[0]).reshape(-1)], 1);   // (P0·P1, 2)

        var logWeights = new List<Tensor>();
        using (torch.no_grad())
        {
            for (long start = 0; start < nodes.shape[0]; start += Chunk)
            {
                var part = nodes.narrow(0, start, Math.Min(Chunk, nodes.shape[0] - start));
                logWeights.Add(-inverseTemperature * energy.call(part.to(ParameterType(energy))).to(torch.float64));
            }
        }
        var logWeight = torch.cat(logWeights);
        var shift = logWeight.max().ItemAs<double>();
        var weights = (logWeight - shift).exp();
        using var sums = torch.zeros([grid.Cells], torch.float64).scatter_add(0, grid.CellOf(nodes), weights);
        var mass = sums.ToArray<double>();
        var total = mass.Sum();
        return new BinnedBoltzmannLaw(mass.Select(m => m / total).ToArray(), Math.Log(total * volume) + shift);
    }

    /// <summary>The dtype the energy computes in: that of its first parameter, float64 for analytic energies.</summary>
    private static ScalarType ParameterType(ContinuousEnergy energy) => energy.parameters().FirstOrDefault()?.dtype ?? ScalarType.Float64;
}
