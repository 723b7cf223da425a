using NeuroThermo.Models;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Training;

public sealed class MinimumNormRegressionTests
{
    private const int TrainCount = 40, TestCount = 400, Inputs = 10;

    /// <summary>Past the threshold the fit interpolates: float64 SVD leaves residuals near rounding.</summary>
    private const double InterpolationTolerance = 1e-12;

    /// <summary>The peak must stand out: at least this many times the test error of the widest model.</summary>
    private const double PeakOverTail = 5;

    [Fact]
    public void TestError_PeaksNearTheInterpolationThreshold_AndFallsAgainBeyondIt()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(7);
        var (trainX, trainY) = NoisyTask(TrainCount, generator);
        var (testX, testY) = NoisyTask(TestCount, generator);
        long[] counts = [4, 8, 14, 20, 26, 32, 36, 40, 44, 50, 60, 80, 120, 200, 400, 800];
        using var map = new RandomReluFeatures(Inputs, counts[^1], generator);

        var fits = counts.Select(p => MinimumNormRegression.Fit(map, p, trainX, trainY, testX, testY)).ToList();

        var peak = fits.MaxBy(f => f.TestMse)!;
        Assert.InRange(peak.Features, TrainCount * 3 / 4, TrainCount * 5 / 4);
        Assert.True(peak.TestMse > PeakOverTail * fits[^1].TestMse, $"peak {peak.TestMse} at p = {peak.Features}, tail {fits[^1].TestMse}");
        Assert.All(fits.Where(f => f.Features >= 2 * TrainCount), f => Assert.True(f.TrainMse < InterpolationTolerance, $"p = {f.Features}: {f.TrainMse}"));
        Assert.All(fits.Where(f => f.Features <= TrainCount / 2), f => Assert.True(f.TrainMse > 0.01, $"p = {f.Features} cannot interpolate: {f.TrainMse}"));
    }

    [Fact]
    public void BelowTheThreshold_TheFitSatisfiesTheNormalEquations()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        var (x, y) = NoisyTask(TrainCount, generator);
        using var map = new RandomReluFeatures(Inputs, 10, generator);

        var phi = map.Transform(x, 10).to(ScalarType.Float64);                       // (n, p)
        var beta = Guarded.matmul(torch.linalg.pinv(phi), y);                                 // (p, 1)
        var gradient = Guarded.matmul(phi.t(), Guarded.matmul(phi, beta) - y);                         // Φᵀ(Φβ − y), (p, 1)

        Assert.True(gradient.abs().max().ItemAs<double>() < 1e-10 * phi.abs().max().ItemAs<double>() * y.abs().sum().ItemAs<double>());
    }

    // y = sin(3 x·u) plus Gaussian noise of standard deviation 0.5: the noise is what the interpolating fit
    // near p = n amplifies.
    private static (Tensor X, Tensor Y) NoisyTask(int count, Generator generator)
    {
        using var seedU = new Generator(11);
        var u = torch.randn([Inputs, 1], ScalarType.Float64, generator: seedU) / Math.Sqrt(Inputs);        // (d, 1)
        var x = torch.randn([count, Inputs], ScalarType.Float64, generator: generator);                    // (N, d)
        var y = (3 * Guarded.matmul(x, u)).sin() + 0.5 * torch.randn([count, 1], ScalarType.Float64, generator: generator); // (N, 1)
        return (x, y);
    }
}
