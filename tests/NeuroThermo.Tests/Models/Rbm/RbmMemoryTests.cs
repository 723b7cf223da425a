using NeuroThermo.Models.Rbm;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>Training, sampling and evaluating an RBM leave no live tensor behind (native memory is freed deterministically).</summary>
[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class RbmMemoryTests
{
    [Fact]
    public void TrainingSamplingAndEvaluation_LeaveNoTensorBehind()
    {
        RunAll();   // load the native library and anything built lazily first
        var baseline = SettledCount();
        RunAll();
        Assert.Equal(baseline, SettledCount());
    }

    private static void RunAll()
    {
        using var generator = new Generator(61);
        foreach (var units in new[] { RbmUnits.Bernoulli, RbmUnits.Spin })
        {
            using var machine = RestrictedBoltzmannMachine.Random(12, 6, units, 0.1, generator);
            using var on = torch.rand([40, 12], ScalarType.Float32, generator: generator).lt(0.5).to(ScalarType.Float32);
            using var data = units.FromIndicators(on);
            var options = new RbmTrainingOptions { GibbsSteps = 2, Persistent = units == RbmUnits.Spin, SparsityTarget = 0.1 };
            using (var trainer = new RbmTrainer(machine, options, batchSize: 10, seed: 1))
                trainer.Epoch(data, epoch: 1);
            using (var chain = RbmChain.Random(machine, 5, seed: 2))
                machine.Gibbs(chain, 3);
            using var baseBiases = RbmBaseRates.VisibleBiases(units, data);
            AnnealedImportanceSampling.Estimate(machine, baseBiases, AnnealedImportanceSampling.ProportionalSchedule(58), 4, generator);
            RbmPartitionFunction.ExactLogZValue(machine);
            RbmEvaluation.ReconstructionError(machine, data, generator);
            RbmEvaluation.PseudoLikelihood(machine, data, generator);
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
