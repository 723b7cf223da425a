using System.Globalization;
using NeuroThermo.Models.Diffusion;
using NeuroThermo.Reports;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>The reverse processes <c>diffusion.train</c> and <c>diffusion.sample</c> draw with.</summary>
public enum DiffusionSamplerKind
{
    /// <summary>Ho et al.'s ancestral sampling, stochastic, all T steps.</summary>
    Ancestral,

    /// <summary>Song et al.'s DDIM update on a subsequence of the steps; deterministic with η = 0 (probability flow).</summary>
    Ddim,
}

/// <summary>How to draw: the sampler, its steps and noise, how many samples, and the seed of x_T and of any noise.</summary>
/// <param name="Kind">Ancestral or DDIM.</param>
/// <param name="Steps">DDIM's steps S (ignored by ancestral sampling, which takes all T).</param>
/// <param name="Eta">DDIM's η: 0 deterministic, 1 as noisy as ancestral sampling.</param>
/// <param name="Variance">Ancestral sampling's σ_t².</param>
/// <param name="Count">Samples to draw.</param>
/// <param name="Seed">Seed of the generator of x_T and of the sampler's noise.</param>
public sealed record DiffusionDraw(DiffusionSamplerKind Kind, int Steps, double Eta, AncestralVariance Variance, int Count, ulong Seed)
{
    /// <summary>"ancestral" or "ddim-100" (with "-eta0.5" when η ≠ 0): the stem of file names and metric names.</summary>
    public string Label => Kind == DiffusionSamplerKind.Ancestral
        ? "ancestral"
        : string.Create(CultureInfo.InvariantCulture, $"ddim-{Steps}{(Eta == 0 ? "" : $"-eta{Eta}")}");
}

/// <summary>
/// Draws samples from a trained noise predictor and writes what they show: for points, the sample cloud at several
/// steps of the reverse process and the final samples over held-out data, with the energy distance between them;
/// for images, a grid of samples and a strip of denoising steps.
/// </summary>
public static class DiffusionSampling
{
    /// <summary>Points shown in each cloud of the reverse process; more only blacken the plot.</summary>
    private const int CloudPoints = 1000;

    /// <summary>Images in the sample grid (8 × 8).</summary>
    private const int GridImages = 64;

    /// <summary>Images followed through the reverse process in the strip.</summary>
    private const int StripRows = 8;

    /// <summary>Draws, writes plots or images into the run directory, logs the energy distance (points), and returns
    /// the energy distance D² to the held-out rows (NaN for images, where it is not computed).</summary>
    public static double Run(INoisePredictor model, NoiseSchedule schedule, DiffusionData data, DiffusionDraw draw, RunContext context, long step)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(draw);
        ArgumentNullException.ThrowIfNull(context);
        int frames = data.IsImages ? 8 : 6;
        // Frames at evenly spaced targets from T to 0; each shows the first step the sampler reaches at or below its
        // target, since DDIM visits only some of the steps.
        var targets = Enumerable.Range(0, frames).Select(k => (int)Math.Round(schedule.Steps * (1 - (double)k / (frames - 1)))).ToArray();
        int nextTarget = 0;
        int kept = data.IsImages ? StripRows : Math.Min(CloudPoints, draw.Count);
        var snapshots = new SortedDictionary<int, float[]>(Comparer<int>.Create((a, b) => b.CompareTo(a)));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        float[] samples;
        using (var generator = new Generator(draw.Seed))
        using (var scope = torch.NewDisposeScope())
        {
            var start = torch.randn([draw.Count, data.Dimension], ScalarType.Float32, generator: generator); // x_T, (n, D)
            Keep(schedule.Steps, start);
            var sampler = new DiffusionSampler(schedule);
            var result = draw.Kind == DiffusionSamplerKind.Ancestral
                ? sampler.Ancestral(model, start, generator, draw.Variance, Keep)
                : sampler.Ddim(model, start, draw.Steps, draw.Eta, generator, Keep);
            samples = result.ToArray<float>();
            result.Dispose();
        }
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{draw.Label}: {draw.Count} samples in {clock.Elapsed.TotalSeconds:F1} s"));

        if (!samples.All(float.IsFinite))
        {
            context.Progress.WriteLine($"{draw.Label}: the samples are not finite numbers (the network diverged); nothing is drawn");
            return double.NaN;
        }
        if (data.IsImages)
        {
            WriteImages(context.Directory, draw.Label, samples, snapshots, data);
            return double.NaN;
        }
        double distance = EnergyDistance.Squared(ToDouble(samples), ToDouble(data.HeldOut.ToArray<float>()), data.Dimension);
        context.Metrics.Write(step, ($"energy_distance_{draw.Label.Replace('-', '_')}", distance));
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{draw.Label}: energy distance D² = {distance:F5} between {draw.Count} samples and {data.HeldOut.size(0)} held-out points"));
        WriteClouds(context.Directory, draw.Label, samples, snapshots, data);
        return distance;

        void Keep(int t, Tensor x)
        {
            if (nextTarget >= targets.Length || t > targets[nextTarget])
                return;
            snapshots[t] = x.narrow(0, 0, kept).ToArray<float>();
            while (nextTarget < targets.Length && t <= targets[nextTarget])
                nextTarget++;
        }
    }

    /// <summary>D² between <paramref name="count"/> training rows and the held-out rows: the energy distance two
    /// independent samples of the data distribution itself show, the floor any model's samples are compared with.</summary>
    public static double DataFloor(DiffusionData data, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = torch.NewDisposeScope();
        var train = data.Train.narrow(0, 0, Math.Min(count, data.Train.size(0))).ToArray<float>();
        return EnergyDistance.Squared(ToDouble(train), ToDouble(data.HeldOut.ToArray<float>()), data.Dimension);
    }

    private static void WriteClouds(RunDirectory run, string label, float[] samples, SortedDictionary<int, float[]> snapshots, DiffusionData data)
    {
        foreach (var (t, points) in snapshots)
        {
            var (x, y) = Columns(points, points.Length / 2);
            new Plot(new PlotConfig { Width = 420, Height = 420, MarkerSize = 2.5, ShowLegend = false })
            {
                Title = $"{label}: x_t at t = {t}", XLabel = "x₁", YLabel = "x₂",
            }.AddScatter(x, y, $"t = {t}").WriteSvg(Path.Combine(run.PlotsDirectory, string.Create(CultureInfo.InvariantCulture, $"{label}-cloud-t{t:D5}.svg")));
        }
        int shown = Math.Min(CloudPoints, samples.Length / 2);
        var (heldX, heldY) = Columns(data.HeldOut.ToArray<float>(), Math.Min(CloudPoints, (int)data.HeldOut.size(0)));
        var (sampleX, sampleY) = Columns(samples, shown);
        new Plot(new PlotConfig { Width = 560, Height = 440, MarkerSize = 2.5 })
        {
            Title = $"{label} samples over held-out data", XLabel = "x₁", YLabel = "x₂",
        }.AddScatter(heldX, heldY, "held-out data").AddScatter(sampleX, sampleY, "samples")
            .WriteSvg(Path.Combine(run.PlotsDirectory, $"{label}-samples.svg"));
    }

    private static void WriteImages(RunDirectory run, string label, float[] samples, SortedDictionary<int, float[]> snapshots, DiffusionData data)
    {
        int size = data.ImageHeight * data.ImageWidth;
        int count = Math.Min(GridImages, samples.Length / size);
        var grid = Enumerable.Range(0, count).Select(i => Tile(samples.AsSpan(i * size, size), data)).ToList();
        PngEncoder.Write(Path.Combine(run.ImagesDirectory, $"{label}-samples.png"), ImageGrid.Tile(grid, columns: 8, padding: 2, paddingValue: 128).Upscale(2));
        // One row per image followed, one column per snapshot from x_T (left) to x_0 (right).
        var strip = new List<GrayImage>();
        int rows = snapshots.Values.First().Length / size;
        for (int r = 0; r < rows; r++)
            strip.AddRange(snapshots.Values.Select(frame => Tile(frame.AsSpan(r * size, size), data)));
        PngEncoder.Write(Path.Combine(run.ImagesDirectory, $"{label}-denoising.png"),
            ImageGrid.Tile(strip, columns: snapshots.Count, padding: 2, paddingValue: 128).Upscale(2));
    }

    // Pixels in [−1, 1] back to gray levels; samples stray a little outside, which is clipped.
    private static GrayImage Tile(ReadOnlySpan<float> pixels, DiffusionData data)
    {
        var clipped = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
            clipped[i] = Math.Clamp(pixels[i], -1f, 1f);
        return GrayImage.FromRange<float>(data.ImageWidth, data.ImageHeight, clipped, -1f, 1f);
    }

    private static (double[] X, double[] Y) Columns(float[] rows, int count)
    {
        var x = new double[count];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = rows[2 * i];
            y[i] = rows[2 * i + 1];
        }
        return (x, y);
    }

    private static double[] ToDouble(float[] values) => Array.ConvertAll(values, v => (double)v);
}
