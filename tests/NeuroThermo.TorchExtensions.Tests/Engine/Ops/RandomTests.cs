using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

// Every draw comes from an explicit, seeded Generator: the global generator is never seeded here.
// Moments are checked to within MaxStandardErrors standard errors of the sample mean: a correct
// sampler fails such a check with probability below 1e-6, a biased one fails it reliably.
public sealed class RandomTests
{
    private const ulong Seed = 20240611;
    private const int Draws = 100_000;
    private const double MaxStandardErrors = 5;

    private static void AssertMean(double expected, double variance, double[] sample)
    {
        var standardError = Math.Sqrt(variance / sample.Length);
        var mean = sample.Average();
        Assert.True(Math.Abs(mean - expected) <= MaxStandardErrors * standardError,
            $"sample mean {mean:R} is more than {MaxStandardErrors} standard errors ({standardError:G3}) from {expected:R}");
    }

    // The sample variance as the mean of (x − μ)², whose own variance is μ₄ − σ⁴.
    private static void AssertVariance(double mu, double variance, double fourthCentralMoment, double[] sample)
    {
        var squares = sample.Select(x => (x - mu) * (x - mu)).ToArray();
        AssertMean(variance, fourthCentralMoment - variance * variance, squares);
    }

    [Fact]
    public void Rand_IsUniformOnTheUnitInterval()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);

        var draws = torch.rand([Draws], torch.float64, generator: generator);
        var sample = Values(draws);

        Assert.Equal(ScalarType.Float64, draws.dtype);
        Assert.All(sample, x => Assert.True(x >= 0 && x < 1, $"{x:R} is outside [0, 1)"));
        // U(0, 1): mean 1/2, variance 1/12, fourth central moment 1/80.
        AssertMean(0.5, 1.0 / 12, sample);
        AssertVariance(0.5, 1.0 / 12, 1.0 / 80, sample);
    }

    [Fact]
    public void Randn_IsStandardNormal()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);

        var sample = Values(torch.randn([Draws], torch.float64, generator: generator));

        // N(0, 1): variance 1, fourth central moment 3.
        AssertMean(0, 1, sample);
        AssertVariance(0, 1, 3, sample);
        Assert.Equal(ScalarType.Float32, torch.randn([2], generator: generator).dtype);
    }

    [Fact]
    public void UniformAndNormal_InPlace_DrawFromTheRequestedParameters()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        const double Low = -2;
        const double High = 6;
        const double Mean = 3;
        const double Std = 0.5;

        var uniform = Values(torch.empty([Draws], torch.float64).uniform_(Low, High, generator));
        var normal = Values(torch.empty([Draws], torch.float64).normal_(Mean, Std, generator));

        Assert.All(uniform, x => Assert.InRange(x, Low, High));
        var width = High - Low;
        AssertMean((Low + High) / 2, width * width / 12, uniform);
        AssertMean(Mean, Std * Std, normal);
        AssertVariance(Mean, Std * Std, 3 * Math.Pow(Std, 4), normal);
    }

    [Fact]
    public void SameSeed_GivesTheSameDraws_AndAnotherSeedDifferent()
    {
        using var scope = torch.NewDisposeScope();
        using var first = new Generator(Seed);
        using var second = new Generator(Seed);
        using var other = new Generator(Seed + 1);

        var a = Values(torch.randn([16], torch.float64, generator: first));
        var b = Values(torch.randn([16], torch.float64, generator: second));
        var c = Values(torch.randn([16], torch.float64, generator: other));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void GeneratorState_RestoredReplaysTheSameDraws()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        Assert.Equal((long)Seed, generator.initial_seed());

        var state = generator.get_state();
        var first = Values(torch.rand([8], torch.float64, generator: generator));
        generator.set_state(state);
        var replay = Values(torch.rand([8], torch.float64, generator: generator));
        generator.manual_seed((long)Seed);
        var reseeded = Values(torch.rand([8], torch.float64, generator: generator));

        Assert.Equal(first, replay);
        Assert.Equal(first, reseeded);
    }

    [Fact]
    public void Randint_StaysInTheHalfOpenRange_AndHitsEveryValue()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        const long Low = -3;
        const long High = 4;

        var draws = torch.randint(Low, High, new long[] { Draws }, generator: generator);
        var sample = draws.ToArray<long>();

        Assert.Equal(ScalarType.Int64, draws.dtype);
        Assert.All(sample, v => Assert.InRange(v, Low, High - 1));
        Assert.Equal(High - Low, sample.Distinct().Count());
        // Discrete uniform on n = 7 values: variance (n² − 1)/12.
        AssertMean((Low + High - 1) / 2.0, (49 - 1) / 12.0, sample.Select(v => (double)v).ToArray());
        Assert.All(torch.randint(5, new long[] { 100 }, generator: generator).ToArray<long>(), v => Assert.InRange(v, 0, 4));
        Assert.Equal(ScalarType.Int32, torch.randint(5, [3], torch.int32, generator: generator).dtype);
    }

    [Fact]
    public void Randperm_IsAPermutation()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        const int N = 1000;

        var permutation = torch.randperm(N, generator: generator).ToArray<long>();

        Assert.Equal(Enumerable.Range(0, N).Select(k => (long)k), permutation.Order());
        Assert.NotEqual(Enumerable.Range(0, N).Select(k => (long)k), permutation);
    }

    [Fact]
    public void Bernoulli_HitsWithTheGivenProbability()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        const double P = 0.3;

        var fromTensor = Values(torch.bernoulli(torch.full([Draws], P, torch.float64), generator: generator));
        var inPlace = Values(torch.empty([Draws], torch.float64).bernoulli_(P, generator));

        Assert.All(fromTensor, v => Assert.True(v == 0 || v == 1, $"{v:R} is not 0 or 1"));
        AssertMean(P, P * (1 - P), fromTensor);
        AssertMean(P, P * (1 - P), inPlace);
        Close([0, 1], torch.bernoulli(F64(0, 1), generator: generator), 0);
    }

    [Fact]
    public void Multinomial_NeverDrawsZeroWeightClasses_AndFollowsTheWeights()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        var weights = F64(0, 1, 0, 3);

        var sample = torch.multinomial(weights, Draws, replacement: true, generator: generator).ToArray<long>();

        Assert.DoesNotContain(0L, sample);
        Assert.DoesNotContain(2L, sample);
        const double P3 = 0.75;
        AssertMean(P3, P3 * (1 - P3), sample.Select(v => v == 3 ? 1.0 : 0.0).ToArray());
    }

    [Fact]
    public void Multinomial_WithoutReplacement_DrawsEachNonZeroClassOnce()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        var weights = Matrix(new double[,] { { 0, 1, 0, 3 }, { 5, 0, 1, 0 } });

        var rows = torch.multinomial(weights, 2, generator: generator);

        Assert.Equal([2L, 2], rows.shape);
        Assert.Equal([1L, 3], rows[0].ToArray<long>().Order());
        Assert.Equal([0L, 2], rows[1].ToArray<long>().Order());
    }

    [Fact]
    public void RandLikeAndRandnLike_MatchTheTemplate()
    {
        using var scope = torch.NewDisposeScope();
        var template = torch.zeros([400, 50], torch.float64);

        var uniform = torch.rand_like(template);
        var normal = torch.randn_like(template);

        Assert.Equal(template.shape, uniform.shape);
        Assert.Equal(ScalarType.Float64, uniform.dtype);
        Assert.All(Values(uniform), x => Assert.True(x >= 0 && x < 1, $"{x:R} is outside [0, 1)"));
        Assert.Equal(template.shape, normal.shape);
        Assert.Equal(ScalarType.Float64, normal.dtype);
        AssertMean(0, 1, Values(normal));
    }
}
