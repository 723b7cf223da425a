using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Diffusion;

/// <summary>The reverse-step variance σ_t² of ancestral sampling (Ho et al. 2020, § 3.2).</summary>
public enum AncestralVariance
{
    /// <summary>σ_t² = β̃_t = (1 − ᾱ_{t−1})/(1 − ᾱ_t) β_t, the variance of q(x_{t−1} | x_t, x_0); exact when x_0 is a point.</summary>
    Posterior,

    /// <summary>σ_t² = β_t, exact when x_0 is N(0, I); Ho et al. found both give similar samples.</summary>
    Beta,
}

/// <summary>
/// Draws from a denoising diffusion model by running its reverse process from x_T ~ N(0, I), either ancestrally
/// (stochastic, all T steps) or with the DDIM update (Song et al. 2021), which with η = 0 is a deterministic
/// discretization of the probability-flow ODE and may skip steps. Every step's tensors live in a dispose scope of
/// their own; only the current x survives a step.
/// </summary>
public sealed class DiffusionSampler(NoiseSchedule schedule)
{
    public NoiseSchedule Schedule { get; } = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <summary>
    /// Ho et al.'s Algorithm 2: for t = T … 1, x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε̂(x_t, t))/√α_t + σ_t z with
    /// z ~ N(0, I), and no noise at t = 1. <paramref name="observe"/> sees (t − 1, x_{t−1}) after every step; the
    /// tensor is only valid during the call.
    /// </summary>
    /// <returns>x_0 (B, D), owned by the caller.</returns>
    public Tensor Ancestral(INoisePredictor model, Tensor start, Generator generator,
        AncestralVariance variance = AncestralVariance.Posterior, Action<int, Tensor>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(generator);
        using var noGrad = torch.no_grad();
        var x = start.clone().DetachFromDisposeScope();
        for (int t = Schedule.Steps; t >= 1; t--)
        {
            using var scope = torch.NewDisposeScope();
            double beta = Schedule.Beta(t), alphaBar = Schedule.AlphaBar(t);
            var steps = torch.full([x.size(0)], t, ScalarType.Int64);                // (B)
            var noise = model.PredictNoise(x, steps);                                // (B, D)
            var next = (x - noise * (beta / Math.Sqrt(1 - alphaBar))) / Math.Sqrt(1 - beta);
            if (t > 1)
            {
                double sigmaSquared = variance == AncestralVariance.Beta
                    ? beta
                    : (1 - Schedule.AlphaBar(t - 1)) / (1 - alphaBar) * beta;
                next = next + torch.randn(x.shape, x.dtype, generator: generator) * Math.Sqrt(sigmaSquared);
            }
            x.Dispose();
            x = next.DetachFromDisposeScope();
            observe?.Invoke(t - 1, x);
        }
        return x;
    }

    /// <summary>
    /// The DDIM update over <paramref name="count"/> steps τ_1 &lt; … &lt; τ_S (<see cref="Timesteps"/>), from x_{τ_S} = the
    /// start down to 0 (ᾱ_0 = 1): with x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t,
    /// x_{t′} = √ᾱ_{t′} x̂_0 + √(1 − ᾱ_{t′} − σ²) ε̂ + σ z, σ = η √((1 − ᾱ_{t′})/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_{t′})
    /// (Song et al. 2021, eq. 12 and 16). η = 0 draws nothing: x_0 is a deterministic function of x_T (the
    /// generator is then untouched); η = 1 with all T steps is ancestral sampling with <see cref="AncestralVariance.Posterior"/>.
    /// <paramref name="observe"/> sees (t′, x_{t′}) after every step.
    /// </summary>
    /// <returns>x_0 (B, D), owned by the caller.</returns>
    public Tensor Ddim(INoisePredictor model, Tensor start, int count, double eta, Generator generator, Action<int, Tensor>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(generator);
        if (!(eta >= 0 && eta <= 1))
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "η must lie in [0, 1]");
        var times = Timesteps(Schedule.Steps, count);
        using var noGrad = torch.no_grad();
        var x = start.clone().DetachFromDisposeScope();
        for (int k = times.Length - 1; k >= 0; k--)
        {
            using var scope = torch.NewDisposeScope();
            int t = times[k], previous = k > 0 ? times[k - 1] : 0;
            double alphaBar = Schedule.AlphaBar(t), alphaBarPrevious = Schedule.AlphaBar(previous);
            var noise = model.PredictNoise(x, torch.full([x.size(0)], t, ScalarType.Int64)); // (B, D)
            var clean = (x - noise * Math.Sqrt(1 - alphaBar)) / Math.Sqrt(alphaBar);         // x̂_0, (B, D)
            double sigma = eta * Math.Sqrt((1 - alphaBarPrevious) / (1 - alphaBar) * (1 - alphaBar / alphaBarPrevious));
            var next = clean * Math.Sqrt(alphaBarPrevious) + noise * Math.Sqrt(Math.Max(1 - alphaBarPrevious - sigma * sigma, 0));
            if (sigma > 0)
                next = next + torch.randn(x.shape, x.dtype, generator: generator) * sigma;
            x.Dispose();
            x = next.DetachFromDisposeScope();
            observe?.Invoke(previous, x);
        }
        return x;
    }

    /// <summary>
    /// S steps of 1 … T spread evenly from the bottom, τ_k = 1 + round((k − 1) T/S) for k = 1 … S; all of them when S = T.
    /// </summary>
    /// <remarks>
    /// For S &lt; T the top step τ_S = T + 1 − T/S stays below T on purpose. The cosine schedule's clipped last step leaves
    /// √ᾱ_T ≈ 5e-5, and DDIM's x̂_0 divides by it: starting at t = T multiplied a trained network's error in ε̂ by
    /// 20,000, and 100 DDIM steps from T put two-moons samples at an energy distance of 0.27 from the data (ancestral
    /// sampling from the same network: 0.001). One step lower, √ᾱ is already 0.006, and x_T ~ N(0, I) is as good a
    /// start there as at T.
    /// </remarks>
    public static int[] Timesteps(int steps, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (count < 1 || count > steps)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the number of sampling steps must lie in 1 … {steps}");
        return Enumerable.Range(0, count).Select(k => 1 + (int)Math.Round((double)k * steps / count, MidpointRounding.AwayFromZero)).ToArray();
    }
}
