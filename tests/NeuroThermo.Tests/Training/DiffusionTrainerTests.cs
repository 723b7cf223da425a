using NeuroThermo.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Training;

/// <summary>The diffusion trainer learns, and a run stopped at a checkpoint resumes onto exactly the same weights.</summary>
public sealed class DiffusionTrainerTests
{
    private static readonly EpsilonNetworkConfig Network = new() { Dimension = 2, HiddenWidth = 32, Blocks = 1, TimeEmbedding = 16 };

    [Fact]
    public void Training_LowersTheHeldOutDenoisingLoss()
    {
        using var data = Data(7, 4096);
        using var heldOut = Data(8, 2048);
        using var trainer = Trainer(averageDecay: 0);
        double before = trainer.Evaluate(heldOut, 1);
        for (int i = 0; i < 300; i++)
            trainer.TrainStep(data);
        double after = trainer.Evaluate(heldOut, 1);
        // The untrained network's output is unrelated to ε, so its loss is at least E|ε|² = 1 per coordinate; a
        // network that learned nothing stays there, one that learned the data's structure falls well below.
        Assert.True(after < 0.8 * before && after < 0.8, $"held-out loss {before} → {after}");
    }

    [Fact]
    public void Resume_FromACheckpoint_TakesTheSameStepsAsAnUninterruptedRun()
    {
        using var data = Data(7, 512);
        var root = Directory.CreateTempSubdirectory("nt-diffusion-").FullName;
        try
        {
            using var straight = Trainer(averageDecay: 0.9);
            for (int i = 0; i < 12; i++)
                straight.TrainStep(data);

            var store = new CheckpointStore(root);
            using (var first = Trainer(averageDecay: 0.9))
            {
                for (int i = 0; i < 7; i++)
                    first.TrainStep(data);
                first.Save(store);
            }
            using var resumed = Trainer(averageDecay: 0.9);
            using (var checkpoint = store.LoadLatest<DiffusionTrainer.State>())
                resumed.Restore(checkpoint!);
            for (int i = 7; i < 12; i++)
                resumed.TrainStep(data);

            Assert.Equal(12, resumed.Step);
            foreach (var (a, b) in straight.Average.state_dict().Zip(resumed.Average.state_dict()))
                Assert.Equal(a.Value.ToArray<float>(), b.Value.ToArray<float>());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static DiffusionTrainer Trainer(double averageDecay) =>
        new(Network, NoiseSchedule.Cosine(100), p => TrainingOptimizer.AdamW(p, 3e-3, 0, new ConstantSchedule()), 128, averageDecay, 42);

    // Points on a circle of radius 1 with little jitter: structure an ε-network can learn in a few hundred steps.
    private static Tensor Data(ulong seed, int count)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(seed);
        var angle = torch.rand([count], generator: generator) * (2 * Math.PI);
        var points = torch.stack([angle.cos(), angle.sin()], 1) + torch.randn([count, 2], generator: generator) * 0.05;
        return points.MoveToOuterDisposeScope();
    }
}
