using NeuroThermo.Models;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Training;

/// <summary>
/// Least squares on random ReLU features with the minimum-norm solution β = Φ⁺ Y (Φ⁺ the Moore–Penrose
/// pseudo-inverse, by SVD in float64): below the interpolation threshold p = n it is the ordinary least-squares
/// fit, above it the interpolating β of least ‖β‖. Its test error peaks at p ≈ n, where Φ is square and its
/// smallest singular values nearly vanish, and falls again beyond: double descent.
/// </summary>
public static class MinimumNormRegression
{
    private const long PredictionChunk = 1000;

    /// <summary>Fits the first <paramref name="features"/> features to (<paramref name="trainInputs"/>,
    /// <paramref name="trainTargets"/>) and measures the fit on both sets.</summary>
    /// <param name="map">The feature map.</param>
    /// <param name="features">p, the number of features used.</param>
    /// <param name="trainInputs">(n, d).</param>
    /// <param name="trainTargets">(n, k): one-hot rows for classification, or any real targets.</param>
    /// <param name="testInputs">(m, d).</param>
    /// <param name="testTargets">(m, k).</param>
    public static FitQuality Fit(RandomReluFeatures map, long features, Tensor trainInputs, Tensor trainTargets, Tensor testInputs, Tensor testTargets)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var scope = torch.NewDisposeScope();
        var phi = map.Transform(trainInputs, features).to(ScalarType.Float64);  // (n, p)
        var targets = trainTargets.to(ScalarType.Float64);                      // (n, k)
        var beta = Guarded.matmul(torch.linalg.pinv(phi), targets);                      // (p, n) @ (n, k) -> (p, k)
        var (trainMse, trainError) = Quality(Guarded.matmul(phi, beta), targets);

        double testSquares = 0, testWrong = 0;
        long m = testInputs.size(0);
        for (long start = 0; start < m; start += PredictionChunk)
        {
            using var chunkScope = torch.NewDisposeScope();
            long size = Math.Min(PredictionChunk, m - start);
            var prediction = Guarded.matmul(map.Transform(testInputs.narrow(0, start, size), features).to(ScalarType.Float64), beta); // (c, k)
            var (mse, error) = Quality(prediction, testTargets.narrow(0, start, size).to(ScalarType.Float64));
            testSquares += mse * size;
            testWrong += error * size;
        }
        double norm = beta.norm().ItemAs<double>();
        return new FitQuality(features, trainMse, testSquares / m, trainError, testWrong / m, norm);
    }

    // Mean over examples of ‖ŷ − y‖², and the share whose largest output is not the target's largest entry.
    // MlpWidthFit measures its networks with this too, so the two curves of double-descent share one definition.
    internal static (double Mse, double Error) Quality(Tensor prediction, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        double mse = (prediction - targets).square().sum(1).mean().ItemAs<double>();
        double error = 1 - prediction.argmax(1).eq(targets.argmax(1)).to(ScalarType.Float64).mean().ItemAs<double>();
        return (mse, error);
    }
}

/// <summary>How well a fit with <paramref name="Features"/> features does on its training and test sets.</summary>
/// <param name="Features">p.</param>
/// <param name="TrainMse">Mean squared error per training example, summed over outputs.</param>
/// <param name="TestMse">The same on the test set.</param>
/// <param name="TrainError">Share of training examples whose largest output is the wrong class.</param>
/// <param name="TestError">The same on the test set.</param>
/// <param name="WeightNorm">‖β‖, which the minimum-norm solution keeps smallest among the interpolating fits.</param>
public sealed record FitQuality(long Features, double TrainMse, double TestMse, double TrainError, double TestError, double WeightNorm);
