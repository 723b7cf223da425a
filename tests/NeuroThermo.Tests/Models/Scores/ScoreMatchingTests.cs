using NeuroThermo.Data;
using NeuroThermo.Models.Scores;
using NeuroThermo.Sampling.Langevin;
using NeuroThermo.Torch;
using Xunit.Abstractions;

namespace NeuroThermo.Tests.Models.Scores;

/// <summary>Denoising score matching against the exact score of a Gaussian mixture, and annealed Langevin with the exact score.</summary>
public sealed class ScoreMatchingTests(ITestOutputHelper output)
{
    /// <summary>
    /// Bound on the relative squared error Σ‖s_θ − s*‖²/Σ‖s*‖² at the smallest σ, over points from p_σ. An untrained
    /// network scores about 1 (1.11 here); the trained one measured 0.034; 0.1 leaves room for another seed but not for a score
    /// that misses a component or has the wrong scale.
    /// </summary>
    private const double ScoreErrorBound = 0.1;

    private static Toy2dGaussianMixture Mixture() => Toy2dGaussianMixture.OnCircle(4, 1.5, 0.35);

    [Fact]
    public void DenoisingScoreMatching_LearnsTheMixtureScore_AtTheSmallestNoise()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(51);
        var mixture = Mixture();
        var ladder = new NoiseLadder(2.0, 0.15, 5);
        using var network = new NoiseConditionalScoreNetwork(2, [64, 64], torch.float64, generator);
        var data = mixture.Sample(4096, generator);
        var exact = new MixtureScore(mixture);
        var probe = mixture.Smoothed(ladder.Smallest).Sample(4096, generator);
        var before = ScoreComparison.RelativeSquaredError(network, exact, probe, ladder.Smallest);

        using (var trainer = new ScoreMatchingTrainer(network, ladder, 5e-3, generator))
        {
            for (var step = 0; step < 1600; step++)
            {
                // A tenth of the rate for the last quarter: Adam's steps then average out the minibatch noise.
                if (step == 1200) trainer.LearningRate /= 10;
                using var stepScope = torch.NewDisposeScope();
                var batch = data.index_select(0, torch.randint(0, data.shape[0], [256], generator: generator));
                trainer.Step(batch);
            }
        }
        var after = ScoreComparison.RelativeSquaredError(network, exact, probe, ladder.Smallest);
        output.WriteLine($"relative squared score error at σ = {ladder.Smallest}: {after:G4} (untrained {before:G4})");
        Assert.True(before > 0.5, $"The untrained network already scores {before}: the test would not see training.");
        Assert.True(after < ScoreErrorBound, $"Relative squared score error {after} (untrained {before}).");
    }
}
