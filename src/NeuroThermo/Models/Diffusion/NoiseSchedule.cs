namespace NeuroThermo.Models.Diffusion;

/// <summary>How the forward-noising variances β_1 … β_T are laid out.</summary>
public enum NoiseScheduleKind
{
    /// <summary>β_t rises linearly from β_1 to β_T (Ho et al. 2020 use 1e-4 → 0.02 over T = 1000).</summary>
    Linear,

    /// <summary>ᾱ_t follows cos² of a slightly offset t/T (Nichol and Dhariwal 2021), β_t clipped at 0.999.</summary>
    Cosine,
}

/// <summary>
/// The variances of the forward (noising) process of a denoising diffusion model: q(x_t | x_{t−1}) =
/// N(√(1 − β_t) x_{t−1}, β_t I) for t = 1 … T, so that q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I) with
/// α_t = 1 − β_t and ᾱ_t = ∏_{s≤t} α_s (Ho et al. 2020, eq. 4). Steps are numbered from 1 as in the paper;
/// ᾱ_0 = 1 is the clean data.
/// </summary>
public sealed class NoiseSchedule
{
    /// <summary>The cosine schedule's clip on β_t, which keeps the last steps from being pure noise replacement
    /// (β = 1 would make 1/√α_t infinite in the sampler).</summary>
    public const double CosineMaxBeta = 0.999;

    /// <summary>The cosine schedule's offset s, which keeps β_1 from being vanishingly small.</summary>
    public const double CosineOffset = 0.008;

    private readonly double[] betas;     // betas[t − 1] = β_t
    private readonly double[] alphaBars; // alphaBars[t] = ᾱ_t, alphaBars[0] = 1

    /// <summary>A schedule with the given β_1 … β_T, each in (0, 1).</summary>
    public NoiseSchedule(IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(betas), "a schedule needs at least one step");
        for (int i = 0; i < betas.Count; i++)
            if (!(betas[i] > 0 && betas[i] < 1))
                throw new ArgumentOutOfRangeException(nameof(betas), betas[i], $"β_{i + 1} must lie in (0, 1)");
        this.betas = [.. betas];
        alphaBars = new double[betas.Count + 1];
        alphaBars[0] = 1;
        for (int t = 1; t <= betas.Count; t++)
            alphaBars[t] = alphaBars[t - 1] * (1 - betas[t - 1]);
    }

    /// <summary>T, the number of noising steps.</summary>
    public int Steps => betas.Length;

    /// <summary>β_t for t = 1 … T.</summary>
    public double Beta(int t) => betas[CheckStep(t) - 1];

    /// <summary>α_t = 1 − β_t for t = 1 … T.</summary>
    public double Alpha(int t) => 1 - Beta(t);

    /// <summary>ᾱ_t = ∏_{s≤t} (1 − β_s) for t = 0 … T (ᾱ_0 = 1).</summary>
    public double AlphaBar(int t)
    {
        if (t < 0 || t > Steps)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"must lie in 0 … {Steps}");
        return alphaBars[t];
    }

    /// <summary>ᾱ_0 … ᾱ_T as a copy.</summary>
    public double[] AlphaBars() => [.. alphaBars];

    /// <summary>The schedule of <paramref name="kind"/> with <paramref name="steps"/> steps and the customary constants.</summary>
    public static NoiseSchedule Create(NoiseScheduleKind kind, int steps) => kind switch
    {
        NoiseScheduleKind.Linear => Linear(steps),
        NoiseScheduleKind.Cosine => Cosine(steps),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown schedule"),
    };

    /// <summary>
    /// β_t = β_1 + (β_T − β_1)(t − 1)/(T − 1). Ho et al.'s 1e-4 and 0.02 are for T = 1000; for other T they are
    /// scaled by 1000/T, which keeps ᾱ_T (the signal left at the end) about the same.
    /// </summary>
    public static NoiseSchedule Linear(int steps, double? betaFirst = null, double? betaLast = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        double scale = 1000.0 / steps;
        double first = betaFirst ?? 1e-4 * scale, last = betaLast ?? Math.Min(0.02 * scale, CosineMaxBeta);
        var betas = new double[steps];
        for (int t = 1; t <= steps; t++)
            betas[t - 1] = first + (last - first) * (t - 1) / (steps - 1);
        return new NoiseSchedule(betas);
    }

    /// <summary>
    /// ᾱ(t) = f(t)/f(0) with f(t) = cos²(π/2 · (t/T + s)/(1 + s)), turned into β_t = 1 − ᾱ(t)/ᾱ(t − 1) and clipped at
    /// <see cref="CosineMaxBeta"/> (Nichol and Dhariwal 2021, eq. 17). Only the last step or so is clipped: f(T) = 0.
    /// </summary>
    public static NoiseSchedule Cosine(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double F(int t)
        {
            double c = Math.Cos(Math.PI / 2 * ((double)t / steps + CosineOffset) / (1 + CosineOffset));
            return c * c;
        }
        var betas = new double[steps];
        for (int t = 1; t <= steps; t++)
            betas[t - 1] = Math.Min(1 - F(t) / F(t - 1), CosineMaxBeta);
        return new NoiseSchedule(betas);
    }

    private int CheckStep(int t)
    {
        if (t < 1 || t > Steps)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"must lie in 1 … {Steps}");
        return t;
    }
}
