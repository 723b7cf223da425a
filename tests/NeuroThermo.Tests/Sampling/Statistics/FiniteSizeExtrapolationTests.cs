using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Tests.Sampling.Statistics;

public sealed class FiniteSizeExtrapolationTests
{
    /// <summary>Exact data leave only rounding in a two-parameter linear solve.</summary>
    private const double ExactTolerance = 1e-10;

    /// <summary>
    /// Bounds on the rms pull (fit − truth)/error over 200 data sets: 1 for honest errors, known to ~5 % from 200 sets;
    /// the inflation by √(χ²/dof) when a fit is poor can only lower it, to about 0.85 with two degrees of freedom.
    /// Errors off by a factor 1.5 either way fall outside.
    /// </summary>
    private const double MinRmsPull = 0.7, MaxRmsPull = 1.15;

    private static readonly double[] Sizes = [50, 100, 200, 400];

    [Fact]
    public void NoiselessData_GiveBackLimitAndSlope()
    {
        var values = Sizes.Select(n => -0.7633 + 0.7 * Math.Pow(n, -2.0 / 3)).ToArray();

        var fit = FiniteSizeExtrapolation.Fit(Sizes, values, Sizes.Select(_ => 0.001).ToArray(), 2.0 / 3);

        Assert.Equal(-0.7633, fit.Limit.Mean, ExactTolerance);
        Assert.Equal(0.7, fit.Slope.Mean, ExactTolerance);
        Assert.Equal(values[2], fit.At(Sizes[2]), ExactTolerance);
    }

    /// <summary>Over many noisy synthetic data sets the limit lands within its error as often as a Gaussian says.</summary>
    [Fact]
    public void NoisyData_LimitErrorCoversTheTruth()
    {
        var random = new Random(5);
        const int sets = 200;
        var errors = Sizes.Select(n => 0.02 * Math.Pow(n, -0.5)).ToArray();
        var within = 0;
        double pulls = 0;
        for (var s = 0; s < sets; s++)
        {
            var values = Sizes.Select((n, i) => -0.7633 + 0.7 * Math.Pow(n, -2.0 / 3) + errors[i] * Gaussian(random)).ToArray();
            var fit = FiniteSizeExtrapolation.Fit(Sizes, values, errors, 2.0 / 3);
            var pull = (fit.Limit.Mean + 0.7633) / fit.Limit.StandardError;
            pulls += pull * pull;
            if (Math.Abs(pull) < 1) within++;
        }
        // About 68 % of pulls fall within one error; 200 sets put the count at 137 ± 7, and the error inflation by √(χ²/dof) lifts it a little.
        Assert.InRange(within, 110, 175);
        Assert.InRange(Math.Sqrt(pulls / sets), MinRmsPull, MaxRmsPull);
    }

    [Fact]
    public void MismatchedLengths_NameTheArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => FiniteSizeExtrapolation.Fit(Sizes, [1, 2], [1, 1, 1, 1], 2.0 / 3));
        Assert.Equal("values", error.ParamName);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
