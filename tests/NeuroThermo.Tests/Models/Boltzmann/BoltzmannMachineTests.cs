using NeuroThermo.Models.Boltzmann;
using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Boltzmann;

/// <summary>
/// The machine's exact quantities against independent truths: the hand-written KL gradient against autograd of the
/// exact KL (eq. 4.26) in float64, and the enumerated moments against <see cref="ExactEnumeration"/>.
/// </summary>
public sealed class BoltzmannMachineTests
{
    /// <summary>
    /// Hand-written and autograd gradients are the same sums of 2^N float64 terms in a different order; rounding
    /// differs by ~1e-15 relative, so 1e-10 fails on any wrong factor (β, ½, a sign, a missing symmetrisation).
    /// </summary>
    private const double GradientRelTol = 1e-10;

    /// <summary>Two enumerations of the same float64 sums over 2^7 states: agreement to rounding.</summary>
    private const double MomentTol = 1e-12;

    [Theory]
    [InlineData(6, 0.7, 1UL)]
    [InlineData(7, 1.6, 2UL)]
    public void KullbackLeiblerGradient_MatchesAutogradOfExactKl(int units, double beta, ulong seed)
    {
        using var generator = new Generator(seed);
        using var machine = RandomMachine(units, beta, generator);
        using var patterns = SpinConfigurations.Random(25, units, generator);
        using var data = new DataDistribution(patterns);
        using var states = machine.AllStates();

        using var kl = machine.KullbackLeibler(data, states);
        var grads = Guarded.grad([kl], [machine.Weights, machine.Biases]);
        using var autogradWeights = grads[0]!;
        using var autogradBiases = grads[1]!;
        // J enters as a full matrix, so autograd sees J_ij and J_ji as two variables; the pair's derivative is their sum.
        using var autogradPairs = autogradWeights + autogradWeights.t();

        using var model = machine.ExactMoments(states);
        var (weights, biases) = machine.KullbackLeiblerGradient(data.Moments, model);
        using (weights)
        using (biases)
        {
            AssertClose(autogradPairs, weights, "∂KL/∂J");
            AssertClose(autogradBiases, biases, "∂KL/∂h");
        }
    }

    [Fact]
    public void KullbackLeibler_IsZeroForTheMachinesOwnDistributionOnly()
    {
        // Data equal to a uniform machine's distribution (all 2^N states once) gives KL = 0; one pattern gives N ln 2.
        using var machine = new BoltzmannMachine(5);
        using var states = machine.AllStates();
        using var everything = new DataDistribution(states);
        using var single = new DataDistribution(states.narrow(0, 3, 1));
        using var zero = machine.KullbackLeibler(everything, states);
        using var full = machine.KullbackLeibler(single, states);
        Assert.Equal(0, zero.ItemAs<double>(), MomentTol);
        Assert.Equal(5 * Math.Log(2), full.ItemAs<double>(), MomentTol);
    }

    [Fact]
    public void ExactMoments_MatchExactEnumerationOfTheSameSpinGlass()
    {
        using var generator = new Generator(5);
        using var machine = RandomMachine(7, 1.3, generator);
        using var states = machine.AllStates();
        using var moments = machine.ExactMoments(states);
        using var energy = machine.ToSpinGlass();
        using var enumeration = new ExactEnumeration(energy);
        var (means, correlations) = enumeration.SiteAverages(1.3);
        using (means)
        using (correlations)
        {
            using var meanGap = (moments.Means - means).abs().max();
            using var pairGap = (moments.Correlations - correlations).abs().max();
            Assert.True(meanGap.ItemAs<double>() < MomentTol, $"⟨s_i⟩ differs by {meanGap.ItemAs<double>()}.");
            Assert.True(pairGap.ItemAs<double>() < MomentTol, $"⟨s_i s_j⟩ differs by {pairGap.ItemAs<double>()}.");
        }
    }

    [Fact]
    public void Constructor_RejectsAsymmetricWeights()
    {
        using var weights = torch.tensor(new double[,] { { 0, 1 }, { 0.5, 0 } });
        using var biases = torch.zeros([2], torch.float64);
        Assert.Throws<ArgumentException>(() => new BoltzmannMachine(weights, biases));
    }

    /// <summary>A machine with Gaussian J (std 1/√N, symmetric, zero diagonal) and h (std 0.3).</summary>
    internal static BoltzmannMachine RandomMachine(int units, double beta, Generator generator)
    {
        using var energy = SherringtonKirkpatrick.Sample(units, generator);
        using var couplings = energy.CouplingMatrix();
        using var fields = torch.randn([units], torch.float64, generator: generator) * 0.3;
        return new BoltzmannMachine(couplings, fields, beta);
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        using var gap = (expected - actual).abs().max();
        using var scale = expected.abs().max();
        var relative = gap.ItemAs<double>() / scale.ItemAs<double>();
        Assert.True(scale.ItemAs<double>() > 0, $"{what}: the autograd gradient is zero, so the comparison would prove nothing.");
        Assert.True(relative < GradientRelTol, $"{what}: hand-written and autograd differ by {relative:E2} relative.");
    }
}
