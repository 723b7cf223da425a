using System.Globalization;
using NeuroThermo.Renormalization;
using NeuroThermo.Reports;

namespace NeuroThermo.Experiments;

/// <summary>The flow diagram of <c>rg.truncated2d</c>: trajectories from a grid of starts, the fixed points, the
/// eigen-directions at K*, the linear critical line and the separatrix of the non-linear flow, in the configured window.</summary>
internal static class RgTruncated2dPlot
{
    public static Plot Build(RgTruncated2dConfig config, RgTruncated2dResult result)
    {
        var window = new Window(config.KMin, config.KMax, config.LMin, config.LMax);
        var map = TruncatedSquareLatticeFlow.Map;
        var (trajectoryK, trajectoryL) = (new List<double>(), new List<double>());
        for (var i = 0; i < config.GridPoints; i++)
        {
            for (var j = 0; j < config.GridPoints; j++)
            {
                double[] start = [window.KAt(i / (config.GridPoints - 1.0)), window.LAt(j / (config.GridPoints - 1.0))];
                AppendClipped(map.Flow(start, config.TrajectorySteps), window, trajectoryK, trajectoryL);
            }
        }

        var fixedPoint = result.FixedPoint.FixedPoint;
        var plot = new Plot(new PlotConfig { Width = 900, Height = 560 })
        {
            Title = "Truncated square-lattice RG: K' = 2K² + L, L' = K²", XLabel = "K (nearest neighbour)", YLabel = "L (next-nearest neighbour)",
        };
        plot.Add(trajectoryK.ToArray(), trajectoryL.ToArray(), $"flows from a {config.GridPoints}×{config.GridPoints} grid", SeriesStyle.LineAndMarkers);
        plot.AddScatter([0.0, fixedPoint[0]], [0.0, fixedPoint[1]], "fixed points (0, 0) and (K*, L*)");

        // Eigen-directions as segments through K*, a fifth of the window long on each side.
        var reach = 0.2 * Math.Min(window.Width, window.Height);
        foreach (var direction in result.FixedPoint.Directions.Where(d => d.Eigenvector is not null))
        {
            var v = direction.Eigenvector!;
            var label = string.Create(CultureInfo.InvariantCulture,
                $"{direction.Relevance.ToString().ToLowerInvariant()} direction, λ = {direction.Eigenvalue.Real:F4}");
            plot.AddLine([fixedPoint[0] - reach * v[0], fixedPoint[0] + reach * v[0]], [fixedPoint[1] - reach * v[1], fixedPoint[1] + reach * v[1]], label);
        }

        var irrelevant = result.FixedPoint.Directions.Last(d => d.Relevance == Relevance.Irrelevant).Eigenvector!;
        var (lineK, lineL) = (new List<double>(), new List<double>());
        var span = 4 * (window.Width + window.Height);
        AppendClipped([[fixedPoint[0] - span * irrelevant[0], fixedPoint[1] - span * irrelevant[1]],
            [fixedPoint[0] + span * irrelevant[0], fixedPoint[1] + span * irrelevant[1]]], window, lineK, lineL);
        plot.AddLine(lineK.ToArray(), lineL.ToArray(), "critical line, linear (irrelevant eigenvector)");
        plot.Add(result.Separatrix.Select(p => p.K).ToArray(), result.Separatrix.Select(p => p.L).ToArray(),
            "separatrix of the non-linear flow", SeriesStyle.LineAndMarkers);
        return plot;
    }

    // Appends the part of the polyline inside the window up to where it first leaves, then a NaN to break the line.
    private static void AppendClipped(IReadOnlyList<double[]> points, Window window, List<double> k, List<double> l)
    {
        var started = false;
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var piece = window.Clip(points[i], points[i + 1]);
            if (piece is not { } segment)
            {
                if (started) break;
                continue;
            }
            if (!started)
            {
                k.Add(segment.K0);
                l.Add(segment.L0);
                started = true;
            }
            k.Add(segment.K1);
            l.Add(segment.L1);
            if (segment.Leaves) break;
        }
        k.Add(double.NaN);
        l.Add(double.NaN);
    }

    private readonly record struct Window(double KMin, double KMax, double LMin, double LMax)
    {
        public double Width => KMax - KMin;

        public double Height => LMax - LMin;

        public double KAt(double fraction) => KMin + fraction * Width;

        public double LAt(double fraction) => LMin + fraction * Height;

        // Liang–Barsky: the part of the segment a → b inside the window, and whether b lies outside; null if none.
        public (double K0, double L0, double K1, double L1, bool Leaves)? Clip(double[] a, double[] b)
        {
            var (dk, dl) = (b[0] - a[0], b[1] - a[1]);
            if (!double.IsFinite(dk) || !double.IsFinite(dl)) return null;
            var (enter, leave) = (0.0, 1.0);
            foreach (var (p, q) in new[] { (-dk, a[0] - KMin), (dk, KMax - a[0]), (-dl, a[1] - LMin), (dl, LMax - a[1]) })
            {
                if (p == 0)
                {
                    if (q < 0) return null;
                    continue;
                }
                var t = q / p;
                if (p < 0) enter = Math.Max(enter, t);
                else leave = Math.Min(leave, t);
            }
            if (enter > leave) return null;
            return (a[0] + enter * dk, a[1] + enter * dl, a[0] + leave * dk, a[1] + leave * dl, leave < 1);
        }
    }
}
