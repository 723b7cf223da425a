using NeuroThermo.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Diffusion;

/// <summary>The ε-network's time embedding against its formula, and the network's shape and dependence on t.</summary>
public sealed class EpsilonNetworkTests
{
    /// <summary>float32 round-off of sin and cos of arguments up to 1000.</summary>
    private const double EmbeddingTol = 1e-4;

    [Fact]
    public void TimeEmbedding_IsSinesThenCosines_OfGeometricFrequencies()
    {
        using var scope = torch.NewDisposeScope();
        const int size = 8;
        long[] steps = [1, 17, 999];
        var embedding = EpsilonNetwork.TimeEmbedding(torch.tensor(steps), size, ScalarType.Float32).ToArray<float>(); // (3, 8)
        for (int b = 0; b < steps.Length; b++)
            for (int k = 0; k < size / 2; k++)
            {
                double angle = steps[b] * Math.Pow(10000, -(double)k / (size / 2));
                Assert.Equal(Math.Sin(angle), embedding[b * size + k], EmbeddingTol);
                Assert.Equal(Math.Cos(angle), embedding[b * size + size / 2 + k], EmbeddingTol);
            }
    }

    [Fact]
    public void Prediction_HasTheDataShape_AndDependsOnTheStep()
    {
        using var scope = torch.NewDisposeScope();
        using var network = new EpsilonNetwork(new EpsilonNetworkConfig { Dimension = 3, HiddenWidth = 16, Blocks = 2, TimeEmbedding = 8 }, new Generator(4));
        var x = torch.randn([5, 3], generator: new Generator(5));
        var early = network.PredictNoise(x, torch.full([5], 1, ScalarType.Int64));
        var late = network.PredictNoise(x, torch.full([5], 900, ScalarType.Int64));
        Assert.Equal([5L, 3L], early.shape);
        Assert.True((early - late).abs().max().ItemAs<float>() > 1e-3, "the prediction ignores t");
    }

    [Theory]
    [InlineData(0, 16, 8)]
    [InlineData(2, 0, 8)]
    [InlineData(2, 16, 7)]
    public void BadShapes_AreRejected(int dimension, int width, int embedding)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new EpsilonNetwork(new EpsilonNetworkConfig { Dimension = dimension, HiddenWidth = width, TimeEmbedding = embedding }));
    }
}
