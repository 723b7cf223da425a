using System.Diagnostics;
using NeuroThermo.Data;
using NeuroThermo.Models.Rbm;
using NeuroThermo.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// One CD-1 epoch of a 784 × 500 Bernoulli RBM on Fashion-MNIST's 60,000 training images binarized at 0.5: 600 shuffled
/// batches of 100, momentum 0.5, ε = 0.1, weight cost 2·10⁻⁴ — the algorithm of bench/peers/rbm_cd1.py, step for step.
/// </summary>
internal static class RbmWorkload
{
    private const int Hidden = 500, BatchSize = 100;

    /// <summary>Reports <c>rbm_cd1_epoch_s</c>, the median over <paramref name="runs"/> timed epochs after one warm-up epoch.</summary>
    internal static void Run(int runs, Action<string, double> report)
    {
        using var images = ImageDataset.FashionMnist(train: true);
        using var data = ImageBinarization.Binarize(images.Images, BinarizationMode.Threshold);
        using var generator = new Generator(0);
        using var machine = RestrictedBoltzmannMachine.Random(784, Hidden, RbmUnits.Bernoulli, 0.01, generator);
        using (var biases = RbmBaseRates.VisibleBiases(RbmUnits.Bernoulli, data))
            machine.VisibleBiases.detach().copy_(biases);
        var options = new RbmTrainingOptions { LearningRate = 0.1, InitialMomentum = 0.5, WeightDecay = 2e-4 };
        using var trainer = new RbmTrainer(machine, options, BatchSize, seed: 1);
        trainer.Epoch(data, epoch: 1);
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            trainer.Epoch(data, epoch: 1);
            times.Add(watch.Elapsed.TotalSeconds);
        }
        report("rbm_cd1_epoch_s", times.Order().ElementAt(times.Count / 2));
    }
}
