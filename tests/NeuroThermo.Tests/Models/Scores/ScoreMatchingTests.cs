using NeuroThermo.Data;
using NeuroThermo.Models.Scores;
using NeuroThermo.Sampling.Langevin;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
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

    /// <summary>
    /// Five standard errors of a frequency from 2,000 samples (0.0097 at p = ¼): annealed Langevin does not weigh modes
    /// exactly, so this is a loose check that every mode is found in about its share, not an exactness test.
    /// </summary>
    private const double ModeFrequencyTol = 0.05;

    /// <summary>E|x|² = r² + 2s² = 2.43 here; its sample standard error is about 1 %, and 5 % allows ULA's small bias.</summary>
    private const double SecondMomentRelTol = 0.05;

    [Fact]
    public void AnnealedLangevin_WithTheExactScore_FindsEveryModeWithItsWeight()
    {
        using var scope = torch.NewDisposeScope();
        var mixture = Mixture();
        var ladder = new NoiseLadder(3.0, 0.05, 10);
        var sampler = new AnnealedLangevin(new MixtureScore(mixture), ladder, 0.1 * ladder.Smallest * ladder.Smallest, stepsPerLevel: 50);
        using var generator = new Generator(61);
        var start = (torch.rand([2000, 2], torch.float64, generator: generator) * 2 - 1) * ladder.Largest;
        using var state = new LangevinState(start, 62);
        sampler.Run(state);
        var x = state.Positions;
        // Nearest mean by angle (means at 0, π/2, π, 3π/2): neighbours sit 2.1 apart, six standard deviations.
        var quarter = (x.select(1, 1).atan2(x.select(1, 0)) / (Math.PI / 2)).round();     // −2 … 2
        var component = torch.where(quarter < 0, quarter + 4, quarter);
        for (var k = 0; k < 4; k++)
            Assert.Equal(0.25, component.eq(k).to(torch.float64).mean().ItemAs<double>(), ModeFrequencyTol);
        var expected = 1.5 * 1.5 + 2 * 0.35 * 0.35;
        var measured = x.square().sum(1).mean().ItemAs<double>();
        Assert.True(Math.Abs(measured / expected - 1) < SecondMomentRelTol, $"E|x|² = {measured}, exact {expected}.");
    }
}
