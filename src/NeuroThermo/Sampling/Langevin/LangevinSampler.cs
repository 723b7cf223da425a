using NeuroThermo.Models.Energies;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling.Langevin;

/// <summary>Whether Langevin proposals are taken as they are or filtered by a Metropolis–Hastings test.</summary>
public enum LangevinRule
{
    /// <summary>ULA: every step is taken; the chain's stationary law is e^{−βE}/Z only up to a bias of order ε.</summary>
    Unadjusted,

    /// <summary>MALA: each step is a proposal accepted with the Metropolis–Hastings probability, so e^{−βE}/Z is exact.</summary>
    MetropolisAdjusted,
}

/// <summary>
/// The Euler–Maruyama discretisation of dx = −∇E dt + √(2/β) dW, x ← x − ε∇E(x) + √(2ε/β) ξ with ξ ~ N(0, I), on a
/// batch of chains. The continuous dynamics leaves p(x) = e^{−βE(x)}/Z invariant (the stationary solution of the
/// Fokker–Planck equation ∂_t p = ∇·(p∇E) + β⁻¹Δp); the discrete one does so only to O(ε). With
/// <see cref="LangevinRule.MetropolisAdjusted"/> the step y is a proposal with density
/// q(y|x) ∝ exp(−β|y − x + ε∇E(x)|²/(4ε)) and is accepted with probability
/// min(1, e^{−β(E(y) − E(x))} q(x|y)/q(y|x)), which makes e^{−βE}/Z exactly stationary (Roberts and Tweedie 1996).
/// </summary>
public sealed class LangevinSampler
{
    public LangevinSampler(ContinuousEnergy energy, double stepSize, double inverseTemperature = 1, LangevinRule rule = LangevinRule.Unadjusted)
    {
        ArgumentNullException.ThrowIfNull(energy);
        SeriesChecks.CheckPositive(stepSize, nameof(stepSize), "The step size ε");
        SeriesChecks.CheckPositive(inverseTemperature, nameof(inverseTemperature), "β");
        if (!Enum.IsDefined(rule)) throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown Langevin rule.");
        Energy = energy;
        StepSize = stepSize;
        InverseTemperature = inverseTemperature;
        Rule = rule;
    }

    public ContinuousEnergy Energy { get; }

    /// <summary>ε.</summary>
    public double StepSize { get; }

    /// <summary>β.</summary>
    public double InverseTemperature { get; }

    public LangevinRule Rule { get; }

    /// <summary>√(2ε/β), the standard deviation of each step's noise.</summary>
    public double NoiseScale => Math.Sqrt(2 * StepSize / InverseTemperature);

    /// <summary>Advances every chain of <paramref name="state"/> by <paramref name="steps"/> steps.</summary>
    public void Run(LangevinState state, int steps)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (state.Positions.shape[1] != Energy.Dimension)
            throw new ArgumentException($"The chains live in {state.Positions.shape[1]} dimensions but the energy in {Energy.Dimension}.", nameof(state));
        for (var t = 0; t < steps; t++)
        {
            using var scope = torch.NewDisposeScope();
            state.Advance(Rule == LangevinRule.Unadjusted ? UnadjustedStep(state) : AdjustedStep(state));
        }
    }

    private Tensor UnadjustedStep(LangevinState state)
    {
        var x = state.Positions;
        var noise = torch.randn(x.shape, x.dtype, generator: state.Generator);
        return x - StepSize * Energy.Gradient(x) + NoiseScale * noise;
    }

    private Tensor AdjustedStep(LangevinState state)
    {
        var x = state.Positions;
        var noise = torch.randn(x.shape, x.dtype, generator: state.Generator);
        var gradientX = Energy.Gradient(x);
        var y = x - StepSize * gradientX + NoiseScale * noise;
        var gradientY = Energy.Gradient(y);
        Tensor energyX, energyY;
        using (torch.no_grad())
        {
            energyX = Energy.call(x);
            energyY = Energy.call(y);
        }
        // y − x + ε∇E(x) = √(2ε/β) ξ, so log q(y|x) = −|ξ|²/2 up to the constant that cancels in the ratio.
        var logForward = -0.5 * noise.square().sum(1);
        var logBackward = -InverseTemperature / (4 * StepSize) * (x - y + StepSize * gradientY).square().sum(1);
        var logAcceptance = -InverseTemperature * (energyY - energyX) + logBackward - logForward;
        var uniform = torch.rand([x.shape[0]], x.dtype, generator: state.Generator);
        var accept = uniform.log() < logAcceptance;                                     // (B,)
        state.Proposed += x.shape[0];
        state.Accepted += accept.sum().ItemAs<long>();
        return torch.where(accept.unsqueeze(1), y, x);
    }
}
