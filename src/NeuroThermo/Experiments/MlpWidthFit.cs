using NeuroThermo.Models;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// One point of the MLP curve of double descent: a d-h-K network with one ReLU hidden layer, freshly initialised,
/// trained by <see cref="ClassifierTrainer"/> with AdamW for a fixed number of epochs (no early stopping, constant
/// learning rate) on the n training images, then measured on both sets exactly as <see cref="MinimumNormRegression"/>
/// measures the random-feature fits.
/// </summary>
/// <remarks>
/// Belkin et al. grow each network from the weights of the next smaller one; here every width starts from its own
/// random initialisation, which is simpler and is what a practitioner sweeping widths does, but it leaves the
/// networks near the threshold short of the interpolating minimum, so their peak may be lower.
/// With the quadratic cost the outputs are linear (the squared loss of Belkin et al. on one-hot targets); with
/// cross-entropy the outputs are logits, and the MSE is measured on their softmax.
/// </remarks>
public static class MlpWidthFit
{
    /// <summary>Trainable parameters of a d-h-K network: (d + 1) h weights and biases into the hidden layer,
    /// (h + 1) K out of it.</summary>
    public static long Parameters(int inputs, int width, int classes) => (inputs + 1L) * width + (width + 1L) * classes;

    /// <summary>Trains a network of hidden width <paramref name="width"/> and measures it; null if
    /// <paramref name="cancellationToken"/> stopped the training between two steps.</summary>
    /// <param name="width">h.</param>
    /// <param name="config">Epochs, batch size, AdamW's rate and decay, the cost.</param>
    /// <param name="trainInputs">(n, d) float32.</param>
    /// <param name="trainLabels">(n) int64 class indices, label noise included.</param>
    /// <param name="testInputs">(m, d) float32.</param>
    /// <param name="testLabels">(m) int64.</param>
    /// <param name="classes">K.</param>
    /// <param name="seed">Seeds the initial weights and the batch order.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public static MlpWidthQuality? Fit(int width, MlpWidthSweepConfig config, Tensor trainInputs, Tensor trainLabels,
        Tensor testInputs, Tensor testLabels, int classes, ulong seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(trainInputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        int inputs = (int)trainInputs.size(1);
        var model = new MlpConfig
        {
            Widths = [inputs, width, classes],
            Hidden = Activation.ReLU,
            Output = Activation.Identity, // linear outputs for the squared loss, logits for cross-entropy
            Cost = config.Cost,
        };
        using var trainer = new ClassifierTrainer(model,
            parameters => TrainingOptimizer.AdamW(parameters, config.LearningRate, config.WeightDecay, new ConstantSchedule()),
            config.BatchSize, seed);
        double trainLoss = double.NaN;
        for (int epoch = 0; epoch < config.Epochs; epoch++)
        {
            double? loss = trainer.TrainEpoch(trainInputs, trainLabels, cancellationToken);
            if (loss is null)
                return null;
            trainLoss = loss.Value;
        }
        var (trainMse, trainError) = Measure(trainer.Model, trainInputs, trainLabels, classes);
        var (testMse, testError) = Measure(trainer.Model, testInputs, testLabels, classes);
        return new MlpWidthQuality(width, Parameters(inputs, width, classes), trainLoss, trainMse, testMse, trainError, testError);
    }

    // The network's predictions as rows comparable with one-hot targets, scored by MinimumNormRegression's measure.
    private static (double Mse, double Error) Measure(Mlp network, Tensor inputs, Tensor labels, int classes)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        network.eval();
        var output = network.call(inputs);                                                             // (N, K)
        var prediction = network.Config.Cost == Cost.SoftmaxCrossEntropy ? torch.nn.functional.softmax(output, 1) : output;
        var targets = torch.nn.functional.one_hot(labels, classes).to(ScalarType.Float64);              // (N, K)
        return MinimumNormRegression.Quality(prediction.to(ScalarType.Float64), targets);
    }
}

/// <summary>How well a trained network of hidden width <paramref name="Width"/> does on its training and test sets.</summary>
/// <param name="Width">h.</param>
/// <param name="Parameters">Its trainable parameters, (d + 1) h + (h + 1) K.</param>
/// <param name="TrainLoss">The mean training cost of the last epoch, in the cost trained on.</param>
/// <param name="TrainMse">Mean over training examples of ‖ŷ − y‖², y the (noisy) one-hot target.</param>
/// <param name="TestMse">The same on the test set.</param>
/// <param name="TrainError">Share of training examples whose largest output is not their (noisy) label.</param>
/// <param name="TestError">The same on the test set.</param>
public sealed record MlpWidthQuality(int Width, long Parameters, double TrainLoss, double TrainMse, double TestMse, double TrainError, double TestError);
