using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using Sequential = TorchSharp.Modules.Sequential;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// The benchmark workloads, shared by the BenchmarkDotNet classes and the side-by-side harness,
/// and mirrored line for line by bench/peers/pytorch_eager.py.
/// </summary>
internal static class Workloads
{
    internal const int MatmulSize = 1024;
    internal const int MlpBatch = 128;

    /// <summary>FLOPs of one n×n by n×n product (a multiply and an add per term).</summary>
    internal static double MatmulFlops => 2.0 * MatmulSize * MatmulSize * MatmulSize;

    /// <summary>An MLP 784-512-512-10 with ReLU, a fixed batch, and AdamW (lr 1e-3) over it.</summary>
    internal sealed class MlpStep : IDisposable
    {
        private readonly Sequential _model;
        private readonly AdamW _optimizer;
        private readonly Tensor _input;
        private readonly Tensor _labels;

        internal MlpStep(ulong seed = 0)
        {
            using var generator = new Generator(seed);
            _model = nn.Sequential(
                SeededLayers.Linear(784, 512, generator: generator), nn.ReLU(),
                SeededLayers.Linear(512, 512, generator: generator), nn.ReLU(),
                SeededLayers.Linear(512, 10, generator: generator));
            _optimizer = optim.AdamW(_model.parameters(), lr: 1e-3);
            _input = torch.randn([MlpBatch, 784], generator: generator).DetachFromDisposeScope();
            _labels = torch.randint(0, 10, [MlpBatch], generator: generator).DetachFromDisposeScope();
        }

        /// <summary>Forward, backward and one AdamW update; returns the loss before the update.</summary>
        internal float Run()
        {
            using var scope = torch.NewDisposeScope();
            _optimizer.zero_grad();
            var loss = torch.nn.functional.cross_entropy(_model.call(_input), _labels);
            loss.backward();
            _optimizer.step();
            return loss.item<float>();
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
            _input.Dispose();
            _labels.Dispose();
        }
    }

    internal const int EpochImages = 60_000;

    /// <summary>
    /// One epoch of the Fashion-MNIST network, 784-256-256-10 with ReLU and AdamW (lr 1e-3), over 60,000
    /// fixed random images in memory: a randperm per epoch, then batches of 128 gathered with index_select.
    /// </summary>
    internal sealed class MlpEpoch : IDisposable
    {
        private readonly Generator _generator;
        private readonly Sequential _model;
        private readonly AdamW _optimizer;
        private readonly Tensor _images;
        private readonly Tensor _labels;

        internal MlpEpoch(ulong seed = 0)
        {
            _generator = new Generator(seed);
            _model = nn.Sequential(
                SeededLayers.Linear(784, 256, generator: _generator), nn.ReLU(),
                SeededLayers.Linear(256, 256, generator: _generator), nn.ReLU(),
                SeededLayers.Linear(256, 10, generator: _generator));
            _optimizer = optim.AdamW(_model.parameters(), lr: 1e-3);
            _images = torch.rand([EpochImages, 784], generator: _generator).DetachFromDisposeScope(); // (N, 784)
            _labels = torch.randint(0, 10, [EpochImages], generator: _generator).DetachFromDisposeScope(); // (N)
        }

        /// <summary>One shuffled pass over the images; returns the last batch's loss.</summary>
        internal float Run()
        {
            using var epoch = torch.NewDisposeScope();
            var order = torch.randperm(EpochImages, generator: _generator); // (N)
            float loss = 0;
            for (long start = 0; start < EpochImages; start += MlpBatch)
            {
                using var scope = torch.NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(MlpBatch, EpochImages - start)); // (B)
                _optimizer.zero_grad();
                var batchLoss = torch.nn.functional.cross_entropy(
                    _model.call(_images.index_select(0, index)), _labels.index_select(0, index));
                batchLoss.backward();
                _optimizer.step();
                loss = batchLoss.item<float>();
            }
            return loss;
        }

        public void Dispose()
        {
            _optimizer.Dispose();
            _model.Dispose();
            _images.Dispose();
            _labels.Dispose();
            _generator.Dispose();
        }
    }
}
