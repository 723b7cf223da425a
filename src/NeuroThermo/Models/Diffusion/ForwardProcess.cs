using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Diffusion;

/// <summary>
/// The forward (noising) process of a <see cref="NoiseSchedule"/> on batches of rows: one step of
/// q(x_t | x_{t−1}), and the closed-form jump q(x_t | x_0) the trainer draws from.
/// </summary>
public static class ForwardProcess
{
    /// <summary>
    /// One noising step x_t = √(1 − β_t) x_{t−1} + √β_t ε, with the caller's ε ~ N(0, I) of the same shape.
    /// </summary>
    public static Tensor Step(NoiseSchedule schedule, Tensor previous, int t, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(noise);
        double beta = schedule.Beta(t);
        using var kept = previous * Math.Sqrt(1 - beta);
        return kept.add(noise, Math.Sqrt(beta));
    }

    /// <summary>
    /// x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε for a batch x_0 (B, D) with one step t_b ∈ 0 … T per row (a (B) long tensor)
    /// and the caller's ε (B, D): a draw from q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) (Ho et al. 2020, eq. 4).
    /// </summary>
    public static Tensor Marginal(NoiseSchedule schedule, Tensor clean, Tensor steps, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(noise);
        using var scope = torch.NewDisposeScope();
        var alphaBar = AlphaBarTensor(schedule, clean.dtype).index_select(0, steps).unsqueeze(1); // (T+1) -> (B, 1)
        var noisy = alphaBar.sqrt() * clean + (1 - alphaBar).sqrt() * noise;                   // (B, D)
        return noisy.MoveToOuterDisposeScope();
    }

    /// <summary>ᾱ_0 … ᾱ_T as a (T + 1) tensor of <paramref name="dtype"/>.</summary>
    public static Tensor AlphaBarTensor(NoiseSchedule schedule, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        using var exact = torch.tensor(schedule.AlphaBars());
        return exact.to(dtype, copy: true);
    }
}
