using NeuroThermo.Data;
using NeuroThermo.Models.Energies;
using NeuroThermo.Models.Scores;
using NeuroThermo.Sampling.Langevin;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Langevin;

[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class LangevinMemoryTests
{
    [Fact]
    public void LangevinSamplers_LeaveNoTensorBehind()
    {
        RunAll();   // load the native library first
        var baseline = SettledCount();
        RunAll();
        Assert.Equal(baseline, SettledCount());
    }

    private static void RunAll()
    {
        using var generator = new Generator(1);
        using var energy = new MlpEnergy(2, [8], torch.float64, generator);
        foreach (var rule in new[] { LangevinRule.Unadjusted, LangevinRule.MetropolisAdjusted })
        {
            using var start = torch.zeros([4, 2], torch.float64);
            using var state = new LangevinState(start, 2);
            new LangevinSampler(energy, 0.01, 1, rule).Run(state, 3);
        }
        using (var start = torch.zeros([4, 2], torch.float64))
        using (var state = new LangevinState(start, 3))
        {
            var score = new MixtureScore(Toy2dGaussianMixture.OnCircle(4, 1, 0.2));
            new AnnealedLangevin(score, new NoiseLadder(1, 0.1, 3), 0.01, 2, finalDenoise: true).Run(state);
        }
    }

    private static long SettledCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return LiveTensors.Count;
    }
}
