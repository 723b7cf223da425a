using NeuroThermo.Models.Energies;
using NeuroThermo.Sampling.Langevin;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Langevin;

/// <summary>
/// ULA on E = x²/2 (β = 1) is the AR(1) chain x' = (1 − ε)x + √(2ε) ξ, whose stationary variance solves
/// v = (1 − ε)² v + 2ε: v = 1/(1 − ε/2), a bias v − 1 = ε/2 + O(ε²) — first order in ε, as the theory of the
/// Euler–Maruyama discretisation says. MALA removes it at any ε.
/// </summary>
public sealed class UnadjustedBiasTests
{
    private const int Chains = 50_000;

    /// <summary>Four standard errors for the measured variance against the closed form at each ε.</summary>
    private const double StandardErrors = 4;

    /// <summary>
    /// The exact bias ε/(2 − ε) has log-log slope 1.074 over ε = 0.04 … 0.32 (the O(ε²) term), and the fitted slope's
    /// statistical error is about 0.03. |slope − 1| &lt; 0.2 leaves room for both, and fails for a bias of order √ε
    /// (slope ½) or ε² (slope 2). The sharper check is the closed form at each ε.
    /// </summary>
    private const double SlopeTol = 0.2;

    private static readonly double[] StepSizes = [0.04, 0.08, 0.16, 0.32];

    [Fact]
    public void Ula_StationaryVarianceBias_IsFirstOrderInStepSize()
    {
        using var energy = new GaussianEnergy([0.0], [1.0]);
        var biases = new double[StepSizes.Length];
        var errors = new double[StepSizes.Length];
        for (var i = 0; i < StepSizes.Length; i++)
        {
            var epsilon = StepSizes[i];
            var variance = MeasureVariance(new LangevinSampler(energy, epsilon), (ulong)(100 + i));
            var exact = 1 / (1 - epsilon / 2);
            Assert.True(Math.Abs(variance.Mean - exact) < StandardErrors * variance.StandardError,
                $"ε = {epsilon}: variance {variance.Mean} ± {variance.StandardError}, closed form {exact}.");
            biases[i] = variance.Mean - 1;
            errors[i] = variance.StandardError;
        }
        var fit = PowerLawFit.Fit(StepSizes, biases, errors);
        Assert.InRange(fit.Exponent.Mean, 1 - SlopeTol, 1 + SlopeTol);
    }

    [Fact]
    public void Mala_HasNoStepSizeBias()
    {
        using var energy = new GaussianEnergy([0.0], [1.0]);
        var sampler = new LangevinSampler(energy, 0.16, rule: LangevinRule.MetropolisAdjusted);
        var variance = MeasureVariance(sampler, 7);
        Assert.True(Math.Abs(variance.Mean - 1) < StandardErrors * variance.StandardError,
            $"MALA variance {variance.Mean} ± {variance.StandardError}, exact 1.");
    }

    /// <summary>⟨x²⟩ over many chains started in N(0, 1), after a burn-in of 5/ε steps, over 60/ε steps.</summary>
    private static Estimate MeasureVariance(LangevinSampler sampler, ulong seed)
    {
        using var generator = new Generator(seed);
        using var start = torch.randn([Chains, 1], torch.float64, generator: generator);
        using var state = new LangevinState(start, seed + 1000);
        var relaxation = 1 / sampler.StepSize;   // steps for x to forget itself: (1 − ε)^t = e^{−1}
        sampler.Run(state, (int)Math.Ceiling(5 * relaxation));
        var series = new double[(int)Math.Ceiling(60 * relaxation)];
        for (var t = 0; t < series.Length; t++)
        {
            sampler.Run(state, 1);
            using var squares = state.Positions.square();
            using var mean = squares.mean();
            series[t] = mean.ItemAs<double>();
        }
        return TimeSeries.Estimate(series);
    }
}
