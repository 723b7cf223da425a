using NeuroThermo.Models.Diffusion;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Models.Diffusion;

/// <summary>Training steps and both samplers free every tensor they make: native memory stays flat however long they run.</summary>
[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class DiffusionMemoryTests
{
    [Fact]
    public void TrainingAndSampling_LeaveNoTensorBehind()
    {
        RunAll(); // load the native library and anything built lazily first
        var baseline = SettledCount();
        RunAll();
        Assert.Equal(baseline, SettledCount());
    }

    private static void RunAll()
    {
        var schedule = NoiseSchedule.Cosine(20);
        using var trainer = new DiffusionTrainer(new EpsilonNetworkConfig { Dimension = 2, HiddenWidth = 8, Blocks = 1, TimeEmbedding = 4 }, schedule,
            p => TrainingOptimizer.AdamW(p, 1e-3, 0, new ConstantSchedule()), 16, 0.9, 1);
        using var data = torch.randn([64, 2]);
        for (int i = 0; i < 3; i++)
            trainer.TrainStep(data);
        trainer.Evaluate(data, 2);
        using var generator = new Generator(3);
        using var start = torch.randn([8, 2], generator: generator);
        var sampler = new DiffusionSampler(schedule);
        sampler.Ancestral(trainer.Average, start, generator, observe: (_, x) => x.sum().Dispose()).Dispose();
        sampler.Ddim(trainer.Average, start, 5, 0.5, generator).Dispose();
    }

    // Tensors other tests dropped without disposing are freed by finalizers at unpredictable times; run them first.
    private static long SettledCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return LiveTensors.Count;
    }
}
