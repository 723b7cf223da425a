using TorchSharp;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;
using Parameter = TorchSharp.Modules.Parameter;

using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions.Tests.Optim;

[Collection(GlobalStateCollection.Name)]
public sealed class OptimizerThreadCountTests
{
    [Fact]
    public void AdamW_GivesTheSameParameters_AtOneAndTwoThreads()
    {
        using var scope = NewDisposeScope();
        var threads = get_num_threads();
        try
        {
            // Large enough that libtorch's elementwise kernels split it between the threads.
            var initial = randn([512, 1024], generator: new Generator(5));
            var gradient = randn([512, 1024], generator: new Generator(6));
            var results = new List<float[]>();
            foreach (var count in new[] { 1, 2 })
            {
                set_num_threads(count);
                var p = Parameters.Create(initial.clone());
                using var optimizer = optim.AdamW([p], 0.01, weight_decay: 0.1);
                for (var step = 0; step < 3; step++)
                {
                    p.grad = gradient.clone();
                    optimizer.step();
                }
                results.Add(p.detach().data<float>().ToArray());
            }
            // An elementwise update has no reduction whose order could depend on the split: bit for bit the same.
            Assert.Equal(results[0], results[1]);
            Assert.NotEqual(initial.data<float>().ToArray(), results[0]);
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
