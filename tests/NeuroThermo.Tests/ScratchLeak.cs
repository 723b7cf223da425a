using NeuroThermo.Data;
using NeuroThermo.Models.Energies;
using NeuroThermo.Models.Scores;
using NeuroThermo.Sampling.Langevin;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Tests;

[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class ScratchLeak
{
    private static string Describe(DisposeScope s) => string.Join("; ", s.DisposablesView.OfType<Tensor>().Where(t => !t.IsInvalid).Select(t => $"{t.dtype}[{string.Join(",", t.shape)}]{(t.requires_grad ? "g" : "")}"));
    [Fact]
    public void Find()
    {
        var log = new List<string>();
        using var g0 = new Generator(1);
        using var energy = new MlpEnergy(2, [8], torch.float64, g0);
        foreach (var rule in new[] { LangevinRule.Unadjusted, LangevinRule.MetropolisAdjusted })
        {
            using var outer = NewDisposeScope();
            using var start = torch.zeros([4, 2], torch.float64);
            using var state = new LangevinState(start, 2);
            log.Add("state: " + Describe(outer));
            new LangevinSampler(energy, 0.01, 1, rule).Run(state, 3);
            log.Add(rule + ": " + Describe(outer));
        }
        using (var outer = NewDisposeScope())
        using (var start = torch.zeros([4, 2], torch.float64))
        using (var state = new LangevinState(start, 3))
        {
            var score = new MixtureScore(Toy2dGaussianMixture.OnCircle(4, 1, 0.2));
            log.Add("mixture: " + Describe(outer));
            new AnnealedLangevin(score, new NoiseLadder(1, 0.1, 3), 0.01, 2, finalDenoise: true).Run(state);
            log.Add("annealed: " + Describe(outer));
        }
        Assert.Fail(string.Join(" | ", log));
    }
}
