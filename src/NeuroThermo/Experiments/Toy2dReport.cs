using NeuroThermo.IO;
using NeuroThermo.Reports;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>Pictures shared by the continuous-variable experiments: densities on a square as PNG, point clouds as SVG.</summary>
internal static class Toy2dReport
{
    /// <summary>Pixels per side of a density image before upscaling.</summary>
    private const int Resolution = 160;

    /// <summary>
    /// Writes the unnormalised density e^{−βE} of <paramref name="energy"/> (a batch (N, 2) → (N,) function) on the
    /// square [−half, half]² as a grayscale PNG, white where the density is largest, y upwards.
    /// </summary>
    public static void WriteDensity(Func<Tensor, Tensor> energy, double inverseTemperature, double half, string path)
    {
        using var scope = torch.NewDisposeScope();
        var axis = torch.linspace(-half, half, Resolution, torch.float64);
        var ys = axis.flip([0]);   // the top row of an image is the largest y
        var grid = torch.stack([axis.unsqueeze(0).expand(Resolution, Resolution).reshape(-1),
                                ys.unsqueeze(1).expand(Resolution, Resolution).reshape(-1)], 1);   // (R², 2), row-major from the top
        Tensor logDensity;
        using (torch.no_grad()) logDensity = -inverseTemperature * energy(grid).to(torch.float64);
        var density = (logDensity - logDensity.max()).exp().ToArray<double>();
        var image = GrayImage.Normalized<double>(Resolution, Resolution, density).Upscale(2);
        AtomicFile.WriteAllBytes(path, PngEncoder.Encode(image));
    }

    /// <summary>Scatter plot of point clouds (each (N, 2)), one series per labelled cloud, as SVG.</summary>
    public static void WriteClouds(IReadOnlyList<(string Label, Tensor Points)> clouds, string title, string path)
    {
        var plot = new Plot { Title = title, XLabel = "x₁", YLabel = "x₂" };
        foreach (var (label, points) in clouds)
        {
            using var x = points.select(1, 0).contiguous();
            using var y = points.select(1, 1).contiguous();
            plot.AddScatter(x.ToArray<double>(), y.ToArray<double>(), label);
        }
        plot.WriteSvg(path);
    }

    /// <summary>A line plot of a loss curve as SVG.</summary>
    public static void WriteCurve(IReadOnlyList<int> steps, IReadOnlyList<double> values, string title, string yLabel, string label, string path) =>
        new Plot { Title = title, XLabel = "training step", YLabel = yLabel }
            .AddLine(steps.Select(s => (double)s).ToArray(), values.ToArray(), label)
            .WriteSvg(path);
}
