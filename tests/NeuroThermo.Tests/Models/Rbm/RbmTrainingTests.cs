using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>
/// The trainer's hand-written CD/PCD update against autograd of the free-energy difference it follows, and the
/// hand-written log-likelihood gradient against autograd of the exact log-likelihood of a small machine.
/// </summary>
public sealed class RbmTrainingTests
{
    /// <summary>float64 matrix products summed two ways.</summary>
    private const double RelTol = 1e-10;

    private const int Visible = 8, Hidden = 5, Batch = 6;
    private const double LearningRate = 0.3;

    public static TheoryData<RbmUnits, bool, int> Variants => new()
    {
        { RbmUnits.Bernoulli, false, 1 },
        { RbmUnits.Bernoulli, true, 1 },
        { RbmUnits.Bernoulli, false, 3 },
        { RbmUnits.Spin, false, 1 },
        { RbmUnits.Spin, true, 2 },
    };

    [Theory, MemberData(nameof(Variants))]
    public void Step_MovesAlongMinusTheGradientOfTheFreeEnergyDifference(RbmUnits units, bool persistent, int k)
    {
        using var generator = new Generator(31);
        using var machine = RbmReference.RandomMachine(Visible, Hidden, units, 0.7, generator);
        using var before = machine.ToDType(ScalarType.Float64);
        using var on = torch.rand([Batch, Visible], ScalarType.Float64, generator: generator).lt(0.5).to(ScalarType.Float64);
        using var batch = units.FromIndicators(on);
        var options = new RbmTrainingOptions { GibbsSteps = k, Persistent = persistent, LearningRate = LearningRate, WeightDecay = 0 };
        using var trainer = new RbmTrainer(machine, options, Batch, seed: 2);
        trainer.Step(batch, momentum: 0);

        // Autograd of L = ⟨F(v)⟩_data − ⟨F(v)⟩_chains at the old parameters, with the chains' final states.
        using var negative = trainer.NegativeVisible.clone();
        using var loss = before.FreeEnergy(batch).mean() - before.FreeEnergy(negative).mean();
        loss.backward();
        AssertStep(before.Weights, machine.Weights, "W");
        AssertStep(before.VisibleBiases, machine.VisibleBiases, "a");
        AssertStep(before.HiddenBiases, machine.HiddenBiases, "b");
    }

    [Fact]
    public void WeightDecayAndMomentum_EnterTheUpdateAsDocumented()
    {
        // Two steps with decay λ and momentum μ: Δ₂ = μΔ₁ − ε(∇L₂ + λW₁). Checked on W against autograd.
        const double decay = 0.01, momentum = 0.6;
        using var generator = new Generator(32);
        using var machine = RbmReference.RandomMachine(Visible, Hidden, RbmUnits.Bernoulli, 0.7, generator);
        using var on = torch.rand([Batch, Visible], ScalarType.Float64, generator: generator).lt(0.5).to(ScalarType.Float64);
        var options = new RbmTrainingOptions { LearningRate = LearningRate, WeightDecay = decay };
        using var trainer = new RbmTrainer(machine, options, Batch, seed: 3);
        using var w0 = machine.Weights.detach().clone();
        trainer.Step(on, momentum);
        using var w1 = machine.ToDType(ScalarType.Float64);
        trainer.Step(on, momentum);
        using var negative = trainer.NegativeVisible.clone();
        using var loss = w1.FreeEnergy(on).mean() - w1.FreeEnergy(negative).mean();
        loss.backward();
        using var scope = torch.NewDisposeScope();
        var firstStep = w1.Weights.detach() - w0;
        var expected = w1.Weights.detach() + firstStep * momentum - (w1.Weights.grad! + w1.Weights.detach() * decay) * LearningRate;
        AssertClose(expected, machine.Weights, "W after two steps");
    }

    [Theory]
    [InlineData(RbmUnits.Bernoulli)]
    [InlineData(RbmUnits.Spin)]
    public void LogLikelihoodGradient_MatchesAutogradOfTheExactLogLikelihood(RbmUnits units)
    {
        // ∂⟨ln p(v)⟩_data/∂θ = −⟨∂F/∂θ⟩_data + Σ_v p(v) ∂F/∂θ, the model term by enumerating all 2^V visible states.
        using var generator = new Generator(33);
        using var machine = RbmReference.RandomMachine(Visible, Hidden, units, 0.7, generator);
        using var on = torch.rand([Batch, Visible], ScalarType.Float64, generator: generator).lt(0.5).to(ScalarType.Float64);
        using var data = units.FromIndicators(on);
        using var logZ = RbmPartitionFunction.ExactLogZ(machine);
        using var free = machine.FreeEnergy(data);
        using var logLikelihood = -free.mean() - logZ;
        logLikelihood.backward();

        using var scope = torch.NewDisposeScope();
        var all = RbmReference.AllStates(Visible, units);
        Tensor p;
        using (torch.no_grad()) p = Probabilities(machine, all);
        var (dataW, dataA, dataB) = machine.FreeEnergyGradient(data);
        var (modelW, modelA, modelB) = machine.FreeEnergyGradient(all, p);
        AssertClose(machine.Weights.grad!, modelW - dataW, "∂/∂W");
        AssertClose(machine.VisibleBiases.grad!, modelA - dataA, "∂/∂a");
        AssertClose(machine.HiddenBiases.grad!, modelB - dataB, "∂/∂b");
    }

    [Fact]
    public void VisibleBiasInitialisation_ReproducesTheDataRates()
    {
        // Independent units with a_i = ln(p_i/(1 − p_i)) are on with probability σ(a_i) = p_i.
        using var data = torch.tensor(new double[] { 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1 }, [4, 3]);
        using var biases = RbmBaseRates.VisibleBiases(RbmUnits.Bernoulli, data);
        using var rates = biases.sigmoid();
        double[] expected = [(3 + 1) / 6.0, (1 + 1) / 6.0, (3 + 1) / 6.0];   // Laplace's rule on 4 rows
        Assert.Equal(expected, rates.ToArray<double>(), (x, y) => Math.Abs(x - y) <= RelTol);
    }

    [Fact]
    public void LinearDecay_ReachesZeroAfterDecayEpochs()
    {
        var options = new RbmTrainingOptions { LearningRate = 0.2, DecayEpochs = 4 };
        Assert.Equal([0.2, 0.15, 0.1, 0.05, 0.0, 0.0], Enumerable.Range(1, 6).Select(options.LearningRateAt).ToArray(),
            (x, y) => Math.Abs(x - y) <= RelTol);
    }

    private static Tensor Probabilities(RestrictedBoltzmannMachine machine, Tensor all)
    {
        using var scope = torch.NewDisposeScope();
        var logWeights = -machine.FreeEnergy(all);
        return (logWeights - logWeights.logsumexp(0)).exp().MoveToOuterDisposeScope();
    }

    /// <summary>The new parameter must be the old one minus ε times the autograd gradient.</summary>
    private static void AssertStep(Tensor old, Tensor updated, string what)
    {
        using var scope = torch.NewDisposeScope();
        AssertClose(old.detach() - old.grad! * LearningRate, updated, what);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var (e, a) = (expected.detach().ToArray<double>(), actual.detach().ToArray<double>());
        Assert.Equal(e.Length, a.Length);
        for (var n = 0; n < e.Length; n++)
            Assert.True(Math.Abs(e[n] - a[n]) <= RelTol * Math.Max(1, Math.Abs(e[n])), $"{what}[{n}]: expected {e[n]:R}, got {a[n]:R}");
    }
}
