using NeuroThermo.Models.Scores;
using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling.Langevin;

/// <summary>
/// Annealed Langevin dynamics (Song and Ermon 2019): unadjusted Langevin steps following s(x, σ_i) down the noise
/// ladder σ_1 &gt; … &gt; σ_L, <c>StepsPerLevel</c> steps on each rung, x ← x + ε_i s(x, σ_i) + √(2ε_i) ξ with
/// ε_i = ε σ_i²/σ_L². (Their step α_i with drift α_i/2 and noise √α_i is the same update with α_i = 2ε_i.)
/// Scaling ε_i with σ_i² keeps the ratio of drift to noise the same on every rung, since |s| ~ 1/σ.
/// With <see cref="FinalDenoise"/> a last step x ← x + σ_L² s(x, σ_L) removes the remaining noise of level σ_L
/// (Tweedie's formula for the posterior mean of the clean point).
/// </summary>
public sealed class AnnealedLangevin
{
    public AnnealedLangevin(IScoreFunction score, NoiseLadder ladder, double stepSize, int stepsPerLevel, bool finalDenoise = false)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(ladder);
        SeriesChecks.CheckPositive(stepSize, nameof(stepSize), "The step size ε");
        if (stepsPerLevel < 1) throw new ArgumentOutOfRangeException(nameof(stepsPerLevel), stepsPerLevel, "Take at least one step per level.");
        Score = score;
        Ladder = ladder;
        StepSize = stepSize;
        StepsPerLevel = stepsPerLevel;
        FinalDenoise = finalDenoise;
    }

    public IScoreFunction Score { get; }

    public NoiseLadder Ladder { get; }

    /// <summary>ε, the step on the smallest rung.</summary>
    public double StepSize { get; }

    public int StepsPerLevel { get; }

    public bool FinalDenoise { get; }

    /// <summary>
    /// Runs the whole ladder on <paramref name="state"/>; after rung i (0-based) <paramref name="afterLevel"/> sees the
    /// state, e.g. to record snapshots of the cloud.
    /// </summary>
    public void Run(LangevinState state, Action<int, LangevinState>? afterLevel = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Positions.shape[1] != Score.Dimension)
            throw new ArgumentException($"The chains live in {state.Positions.shape[1]} dimensions but the score in {Score.Dimension}.", nameof(state));
        var smallest = Ladder.Smallest;
        for (var level = 0; level < Ladder.Levels; level++)
        {
            var sigma = Ladder.Sigmas[level];
            var step = StepSize * sigma * sigma / (smallest * smallest);
            for (var t = 0; t < StepsPerLevel; t++)
            {
                using var scope = torch.NewDisposeScope();
                var x = state.Positions;
                var noise = torch.randn(x.shape, x.dtype, generator: state.Generator);
                state.Advance(x + step * Score.Score(x, sigma) + Math.Sqrt(2 * step) * noise);
            }
            afterLevel?.Invoke(level, state);
        }
        if (FinalDenoise)
        {
            using var scope = torch.NewDisposeScope();
            var x = state.Positions;
            state.Advance(x + smallest * smallest * Score.Score(x, smallest));
        }
    }
}
