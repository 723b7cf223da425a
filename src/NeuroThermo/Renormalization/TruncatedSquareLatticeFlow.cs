using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Renormalization;

/// <summary>
/// The truncated RG of the square lattice (lecture notes eqs. 3.20–3.33): keep, of the couplings one decimation
/// generates, the nearest-neighbour K and next-nearest L to lowest order in K, and drop the quartic one,
/// <code>
/// K' = 2K² + L,   L' = K²,   b = √2.
/// </code>
/// 2K² and K² are ¼ ln cosh 4K and ⅛ ln cosh 4K to order K² (<see cref="SquareLatticeDecimation"/>); the L in K' is the
/// old diagonal bond, which joins two kept spins that are nearest neighbours of the new lattice. The non-trivial
/// fixed point is K* = 1/3, L* = 1/9, with eigenvalues (2 ± √10)/3 of the linearisation (eq. 3.28).
/// </summary>
public static class TruncatedSquareLatticeFlow
{
    /// <summary>The map on (K, L).</summary>
    public static RgMap Map { get; } = new("truncated square-lattice decimation K' = 2K² + L, L' = K²", ["K", "L"], Math.Sqrt(2),
        couplings =>
        {
            var k = couplings[0];
            var l = couplings[1];
            return torch.stack([k.square() * 2 + l, k.square()]);
        });

    /// <summary>The linearisation written by hand (eq. 3.28): ∂(K', L')/∂(K, L) = [[4K, 1], [2K, 0]].</summary>
    public static double[,] HandWrittenJacobian(double k, double l)
    {
        _ = l;   // the map is linear in L, so the Jacobian does not depend on it
        return new[,] { { 4 * k, 1.0 }, { 2 * k, 0.0 } };
    }

    /// <summary>
    /// The critical line to linear order: the line through K* along the irrelevant eigenvector, which the flow
    /// carries into K*. Returns the K where it crosses L = 0, the estimate of K_c for the nearest-neighbour model.
    /// </summary>
    public static double LinearCriticalCoupling(LinearizedFixedPoint linearized)
    {
        ArgumentNullException.ThrowIfNull(linearized);
        var irrelevant = linearized.Directions.LastOrDefault(d => d.Relevance == Relevance.Irrelevant && d.Eigenvector is not null)
            ?? throw new ArgumentException("The fixed point has no real irrelevant direction to draw a critical line along.", nameof(linearized));
        var (dk, dl) = (irrelevant.Eigenvector![0], irrelevant.Eigenvector[1]);
        if (dl == 0) throw new ArgumentException("The irrelevant direction is parallel to L = 0 and never crosses it.", nameof(linearized));
        return linearized.FixedPoint[0] - linearized.FixedPoint[1] * dk / dl;
    }

    /// <summary>Where the flow from (K, L) goes; see <see cref="FlowFate"/>.</summary>
    /// <param name="map">The truncated map (or any map on (K, L) with sinks at 0 and ∞).</param>
    /// <param name="start">(K, L).</param>
    /// <param name="fixedPoint">K*, to recognise a trajectory that stays on it.</param>
    public static FlowFate Fate(RgMap map, IReadOnlyList<double> start, IReadOnlyList<double> fixedPoint)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(fixedPoint);
        // A deviation from the stable manifold grows by λ₁ ≈ 1.72 per step: from rounding (1e-16) to order one in
        // under 70 steps. Sums |K| + |L| below 1e-3 or above 10 are deep in the sinks of the truncated map.
        const int maxSteps = 2_000;
        const double disorderedBelow = 1e-3, orderedAbove = 10, atFixedPoint = 1e-14;
        var point = start.ToArray();
        for (var step = 0; step < maxSteps; step++)
        {
            var size = point.Sum(Math.Abs);
            if (size < disorderedBelow) return FlowFate.Disordered;
            if (size > orderedAbove || !double.IsFinite(size)) return FlowFate.Ordered;
            point = map.Apply((IReadOnlyList<double>)point);
        }
        var distance = point.Select((k, i) => Math.Abs(k - fixedPoint[i])).Max();
        return distance <= atFixedPoint
            ? FlowFate.Critical
            : throw new InvalidOperationException($"The flow of {map.Name} from ({string.Join(", ", start)}) neither left nor reached the fixed point in {maxSteps} steps.");
    }

    /// <summary>
    /// The separatrix of the full non-linear flow: the K at which trajectories from (K, <paramref name="l"/>) switch
    /// from the disordered to the ordered sink, by bisection between <paramref name="disorderedK"/> and
    /// <paramref name="orderedK"/> down to adjacent doubles. At L = 0 it is the truncated flow's K_c.
    /// </summary>
    public static double SeparatrixCoupling(RgMap map, IReadOnlyList<double> fixedPoint, double l, double disorderedK, double orderedK)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (Fate(map, [disorderedK, l], fixedPoint) != FlowFate.Disordered)
            throw new ArgumentOutOfRangeException(nameof(disorderedK), disorderedK, $"The flow from K = {disorderedK}, L = {l} is not disordered.");
        if (Fate(map, [orderedK, l], fixedPoint) != FlowFate.Ordered)
            throw new ArgumentOutOfRangeException(nameof(orderedK), orderedK, $"The flow from K = {orderedK}, L = {l} is not ordered.");
        var (low, high) = (disorderedK, orderedK);
        while (true)
        {
            var middle = 0.5 * (low + high);
            if (middle <= low || middle >= high) return middle;
            switch (Fate(map, [middle, l], fixedPoint))
            {
                case FlowFate.Disordered: low = middle; break;
                case FlowFate.Ordered: high = middle; break;
                default: return middle;
            }
        }
    }
}
