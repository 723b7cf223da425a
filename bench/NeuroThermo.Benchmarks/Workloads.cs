using NeuroThermo.Torch;
using NeuroThermo.Torch.Optim;

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
        private readonly torch.nn.Sequential _model;
        private readonly AdamW _optimizer;
        private readonly Tensor _input;
        private readonly Tensor _labels;

        internal MlpStep(ulong seed = 0)
        {
            using var generator = new Generator(seed);
            _model = new torch.nn.Sequential(
                new torch.nn.Linear(784, 512, generator: generator), torch.nn.ReLU(),
                new torch.nn.Linear(512, 512, generator: generator), torch.nn.ReLU(),
                new torch.nn.Linear(512, 10, generator: generator));
            _optimizer = torch.optim.AdamW(_model.parameters(), lr: 1e-3);
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
}
