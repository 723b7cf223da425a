using NeuroThermo.Models.Hopfield;
using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Hopfield;

/// <summary>The Hopfield energy (eq. 4.5), Hebbian and projection storage, and the zero-temperature dynamics.</summary>
public sealed class HopfieldNetworkTests
{
    // Energies here are sums of ≤ 10³ float64 products of order one: rounding is ~1e-13, so 1e-9 only forgives that.
    private const double EnergyTol = 1e-9;

    // Autograd and the hand-written field evaluate the same float64 sums in different orders.
    private const double FieldTol = 1e-12;

    // The done-when threshold for a successful recall.
    private const double RecallOverlap = 0.95;

    [Fact]
    public void LocalField_IsMinusEnergyGradient_AndFlipsChangeEnergyByTwiceSH()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(11);
        using var network = RandomNetwork(20, generator);
        var spins = SpinConfigurations.Random(8, 20, generator).requires_grad_();
        var gradient = Guarded.grad(network.Energy(spins).sum(), spins);
        var plain = spins.detach();
        Assert.True((network.LocalField(plain) + gradient).abs().max().ItemAs<double>() < FieldTol);
        var delta = network.FlipEnergyChange(plain);
        var energy = network.Energy(plain);
        for (var i = 0; i < 20; i++)
        {
            var flipped = plain.clone();
            flipped[.., i] = -plain[.., i];
            Assert.True((network.Energy(flipped) - energy - delta[.., i]).abs().max().ItemAs<double>() < EnergyTol);
        }
    }

    [Fact]
    public void AsynchronousUpdates_NeverRaiseTheEnergy_On1000RandomInstances()
    {
        // 50 random networks (Gaussian symmetric w, random θ: no stored patterns, so glassy landscapes with many
        // minima) × 20 random starts each = 1,000 instances. E is checked after every single-spin update.
        const int Networks = 50, Starts = 20, Spins = 24, Sweeps = 3;
        using var generator = new Generator(7);
        var checkedUpdates = 0;
        for (var net = 0; net < Networks; net++)
        {
            using var scope = torch.NewDisposeScope();
            using var network = RandomNetwork(Spins, generator);
            var states = SpinConfigurations.Random(Starts, Spins, generator);
            var energy = network.Energy(states).ToArray<double>();
            for (var sweep = 0; sweep < Sweeps; sweep++)
            {
                foreach (var spin in torch.randperm(Spins, generator: generator).ToArray<long>())
                {
                    using var stepScope = torch.NewDisposeScope();
                    HopfieldDynamics.UpdateSpin(network, states, spin);
                    var next = network.Energy(states).ToArray<double>();
                    for (var b = 0; b < Starts; b++)
                        Assert.True(next[b] <= energy[b] + EnergyTol, $"network {net}, start {b}: E rose from {energy[b]} to {next[b]}");
                    energy = next;
                    checkedUpdates++;
                }
            }
            using var run = HopfieldDynamics.Run(network, SpinConfigurations.Random(Starts, Spins, generator), HopfieldUpdate.AsynchronousRandom, 100, generator);
            for (var t = 1; t < run.EnergyTrace.Length; t++)
                for (var b = 0; b < Starts; b++)
                    Assert.True(run.EnergyTrace[t][b] <= run.EnergyTrace[t - 1][b] + EnergyTol);
            Assert.All(run.Convergence, c => Assert.Equal(HopfieldConvergence.FixedPoint, c));
        }
        Assert.Equal(Networks * Sweeps * Spins, checkedUpdates);
    }

    [Fact]
    public void OrthogonalPatterns_AreFixedPoints_WithFieldOneMinusPOverN()
    {
        // Eq. 4.13: for mutually orthogonal patterns the Hebbian field is h = (1 − P/N) ξ^ν exactly (the P/N is the
        // removed diagonal), so each pattern is a fixed point while P < N. Sylvester–Hadamard rows are orthogonal.
        using var scope = torch.NewDisposeScope();
        const int N = 64, P = 16;
        var patterns = Hadamard(N)[..P];
        using var network = HopfieldNetwork.Hebbian(patterns);
        var field = network.LocalField(patterns);
        Assert.True((field - patterns * (1 - (double)P / N)).abs().max().ItemAs<double>() < FieldTol);
        Assert.Equal(0, SynchronousChanges(network, patterns));
        using var run = HopfieldDynamics.Run(network, patterns, HopfieldUpdate.AsynchronousFixed, 5);
        Assert.All(run.Convergence, c => Assert.Equal(HopfieldConvergence.FixedPoint, c));
        Assert.All(run.ConvergedAfter, a => Assert.Equal(1, a));
        var overlaps = HopfieldNetwork.Overlaps(run.States, patterns);
        Assert.True((overlaps.diagonal() - 1).abs().max().ItemAs<double>() < FieldTol);
    }

    [Fact]
    public void HebbianRecall_FromTenPercentFlips_SucceedsAtLoadFivePercent_FailsAtTwentyFivePercent()
    {
        const int N = 500;
        using var generator = new Generator(2026);
        var low = MeanRecallOverlap(N, 25, generator);     // P/N = 0.05
        var high = MeanRecallOverlap(N, 125, generator);   // P/N = 0.25, beyond α_c ≈ 0.138
        Assert.True(low > RecallOverlap, $"P/N = 0.05: mean overlap {low:F4}");
        Assert.True(high < RecallOverlap, $"P/N = 0.25: mean overlap {high:F4}");
    }

    [Fact]
    public void ProjectionRule_StoresCorrelatedPatternsThatHebbFails()
    {
        // Biased patterns (70% +1) overlap by ~0.16 pairwise; at P/N = 0.2 the Hebbian cross-talk destroys them,
        // while Ξ⁺Ξ ξ = ξ keeps every one a fixed point (the diagonal removed is P/N < ½ of the field).
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        const int N = 200, P = 40;
        var patterns = torch.bernoulli(torch.full([P, N], 0.7, ScalarType.Float64), generator) * 2 - 1;
        using var projection = HopfieldNetwork.Projection(patterns);
        using var hebbian = HopfieldNetwork.Hebbian(patterns);
        Assert.Equal(0, SynchronousChanges(projection, patterns));
        Assert.True(SynchronousChanges(hebbian, patterns) > 0);
    }

    [Fact]
    public void SynchronousUpdates_DetectTwoCycle_WhereAsynchronousFindsFixedPoint()
    {
        // Two antiferromagnetically coupled spins from (+, +): synchronously both flip together forever; one at a
        // time in index order, spin 0 flips first (its field −s₁ = −1) and spin 1 then agrees with it: (−, +).
        using var scope = torch.NewDisposeScope();
        using var network = new HopfieldNetwork(torch.tensor(new double[,] { { 0, -1 }, { -1, 0 } }), torch.zeros([2], ScalarType.Float64));
        var start = torch.tensor(new double[,] { { 1, 1 } });
        using var synchronous = HopfieldDynamics.Run(network, start, HopfieldUpdate.Synchronous, 10);
        Assert.Equal(HopfieldConvergence.TwoCycle, synchronous.Convergence[0]);
        Assert.Equal(2, synchronous.ConvergedAfter[0]);
        using var asynchronous = HopfieldDynamics.Run(network, start, HopfieldUpdate.AsynchronousFixed, 10);
        Assert.Equal(HopfieldConvergence.FixedPoint, asynchronous.Convergence[0]);
        Assert.Equal([-1.0, 1.0], asynchronous.States.ToArray<double>());
        Assert.Equal(-1.0, asynchronous.EnergyTrace[^1][0]);
    }

    [Fact]
    public void SynchronousUpdates_OfSymmetricNetworks_EndInFixedPointsOrTwoCycles()
    {
        // Goles–Fogelman: with symmetric w, parallel updates reach a fixed point or a 2-cycle, never a longer orbit.
        // Every row must therefore be classified, and a row called a 2-cycle must return to itself in two steps
        // while moving in one.
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(13);
        using var network = RandomNetwork(40, generator);
        var starts = SpinConfigurations.Random(200, 40, generator);
        using var run = HopfieldDynamics.Run(network, starts, HopfieldUpdate.Synchronous, 1000);
        Assert.DoesNotContain(HopfieldConvergence.NotConverged, run.Convergence);
        Assert.Contains(HopfieldConvergence.TwoCycle, run.Convergence);   // this glassy w has many 2-cycles
        var once = HopfieldDynamics.SynchronousStep(network, run.States);
        var twice = HopfieldDynamics.SynchronousStep(network, once);
        var moved = once.ne(run.States).any(1).to(ScalarType.Float64).ToArray<double>();
        var returned = twice.eq(run.States).all(1).to(ScalarType.Float64).ToArray<double>();
        for (var b = 0; b < run.Convergence.Length; b++)
        {
            Assert.Equal(1.0, returned[b]);
            Assert.Equal(run.Convergence[b] == HopfieldConvergence.TwoCycle ? 1.0 : 0.0, moved[b]);
        }
    }

    [Fact]
    public void Constructor_RejectsAsymmetricWeights()
    {
        using var scope = torch.NewDisposeScope();
        var weights = torch.tensor(new double[,] { { 0, 1 }, { 0.5, 0 } });
        Assert.Throws<ArgumentException>(() => new HopfieldNetwork(weights, torch.zeros([2], ScalarType.Float64)));
    }

    private static double MeanRecallOverlap(int n, int p, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var patterns = SpinConfigurations.Random(p, n, generator);
        using var network = HopfieldNetwork.Hebbian(patterns);
        var flips = torch.bernoulli(torch.full([p, n], 0.1, ScalarType.Float64), generator);   // 1 where a bit flips
        var corrupted = patterns * (1 - flips * 2);
        using var run = HopfieldDynamics.Run(network, corrupted, HopfieldUpdate.AsynchronousRandom, 50, generator);
        return HopfieldNetwork.Overlaps(run.States, patterns).diagonal().mean().ItemAs<double>();
    }

    private static int SynchronousChanges(HopfieldNetwork network, Tensor states)
    {
        using var next = HopfieldDynamics.SynchronousStep(network, states);
        using var changed = next.ne(states).sum();
        return (int)changed.ItemAs<long>();
    }

    private static HopfieldNetwork RandomNetwork(int n, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var upper = torch.randn([n, n], ScalarType.Float64, generator: generator).triu(1);
        return new HopfieldNetwork(upper + upper.t(), torch.randn([n], ScalarType.Float64, generator: generator) * 0.5);
    }

    private static Tensor Hadamard(int n)
    {
        var h = torch.ones([1, 1], ScalarType.Float64);
        while (h.size(0) < n) h = torch.cat([torch.cat([h, h], 1), torch.cat([h, -h], 1)], 0);
        return h;
    }
}
