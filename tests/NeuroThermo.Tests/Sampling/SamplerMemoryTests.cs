using NeuroThermo.Sampling;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class SamplerMemoryTests
{
    [Fact]
    public void EverySampler_LeavesNoTensorBehind()
    {
        RunAll();   // load the native library and any lazily built tables first
        var baseline = SettledCount();
        RunAll();
        Assert.Equal(baseline, SettledCount());
    }

    private static void RunAll()
    {
        foreach (var kind in SamplerHarness.SingleSpinKinds.Append("parallel-tempering").Append("annealing").Append("wolff"))
        {
            using var energy = SamplerExactDistributionTests.Model(kind == "wolff" ? "ferromagnet" : "spin-glass");
            using var sampler = SamplerHarness.Create(kind, energy, 0.5);
            using (var state = sampler.Initialize(4, seed: 1))
            {
                sampler.Run(state, 3);
                sampler.Samples(state).Dispose();
                if (sampler is SimulatedAnnealing) SimulatedAnnealing.Result(state).Dispose();
            }
        }
    }

    // Tensors other tests dropped without disposing are freed by finalizers at unpredictable times; run them first.
    private static long SettledCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return LiveTensors.Count;
    }
}
