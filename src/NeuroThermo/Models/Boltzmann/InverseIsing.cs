using NeuroThermo.Physics;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Boltzmann;

/// <summary>
/// The inverse Ising problem: recover J and h of a Boltzmann distribution e^{−βE}/Z from samples of it. The maximum-
/// likelihood answer is Boltzmann learning run to moment matching (<see cref="MomentMatching"/>); naive mean-field
/// inversion βJ_ij = −(C⁻¹)_ij is the cheap comparison, exact only as βJ → 0.
/// </summary>
public static class InverseIsing
{
    /// <summary>
    /// <paramref name="count"/> independent configurations drawn exactly from e^{−βE}/Z of <paramref name="machine"/>
    /// (N ≤ <see cref="BoltzmannMachine.MaxExactUnits"/>): codes drawn from the enumerated probabilities, no Markov chain.
    /// </summary>
    public static Tensor ExactSamples(BoltzmannMachine machine, long count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var states = machine.AllStates();                                    // (2^N, N)
        var probabilities = machine.LogProbabilities(states).exp();          // (2^N)
        var codes = torch.multinomial(probabilities, count, replacement: true, generator: generator);   // (M)
        return SpinConfigurations.FromCodes(codes, machine.UnitCount).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The maximum-likelihood J and h for <paramref name="data"/>: exact Boltzmann learning from J = h = 0 until every
    /// moment matches to <paramref name="tolerance"/> or <paramref name="maxSteps"/> steps pass. The log-likelihood is
    /// concave in (J, h), so the fixed point is unique when it exists (it does not if some ⟨s_i s_j⟩_data = ±1).
    /// </summary>
    /// <returns>The fitted machine (the caller owns it), the steps taken and the final moment mismatch.</returns>
    public static (BoltzmannMachine Machine, int Steps, double Mismatch) MomentMatching(
        SpinMoments data, double inverseTemperature, double learningRate, int maxSteps, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        var machine = new BoltzmannMachine(data.UnitCount, inverseTemperature);
        using var learner = new ExactBoltzmannLearner(machine);
        var mismatch = double.PositiveInfinity;
        var step = 0;
        while (step < maxSteps)
        {
            mismatch = learner.Step(data, learningRate);
            step++;
            if (mismatch < tolerance) break;
        }
        return (machine, step, mismatch);
    }

    /// <summary>
    /// Naive mean-field inversion: J_ij = −(C⁻¹)_ij / β for i ≠ j, C the connected correlation matrix, from the
    /// linear response of the mean-field equations m_i = tanh(β(h_i + Σ_j J_ij m_j)). Diagonal zero. (N, N).
    /// </summary>
    public static Tensor MeanFieldCouplings(SpinMoments data, double inverseTemperature)
    {
        ArgumentNullException.ThrowIfNull(data);
        Numerics.CheckInverseTemperature(inverseTemperature, nameof(inverseTemperature));
        using var scope = torch.NewDisposeScope();
        var connected = data.ConnectedCorrelations();                                        // (N, N)
        var offDiagonal = 1.0 - torch.eye(data.UnitCount, dtype: torch.float64);
        var couplings = connected.inverse() * offDiagonal * (-1.0 / inverseTemperature);
        return couplings.MoveToOuterDisposeScope();
    }

    /// <summary>The root-mean-square difference of two coupling matrices over the N(N − 1)/2 pairs i &lt; j.</summary>
    public static double CouplingError(Tensor estimate, Tensor truth)
    {
        using var scope = torch.NewDisposeScope();
        var n = truth.size(0);
        var difference = (estimate - truth).triu(1);
        return Math.Sqrt(difference.square().sum().ItemAs<double>() / (n * (n - 1) / 2.0));
    }
}
