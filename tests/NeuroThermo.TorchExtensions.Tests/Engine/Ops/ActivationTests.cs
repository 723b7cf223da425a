using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;
using NeuroThermo.TorchExtensions.Nn;
using F = TorchSharp.torch.nn.functional;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

// softmax, dropout and the layers of nn.functional (losses have their own file).
public sealed class ActivationTests
{
    private const double Tolerance = 1e-12;
    private const ulong Seed = 7;
    private const int Draws = 100_000;
    private const double MaxStandardErrors = 5;

    [Fact]
    public void SoftmaxAndLogSoftmax_MatchHandComputedRows_EvenAtLargeLogits()
    {
        using var scope = torch.NewDisposeScope();
        double[] row0 = [1, 2, 3];
        double[] row1 = [1000, 1000, 0];
        var x = Matrix(new double[,] { { 1, 2, 3 }, { 1000, 1000, 0 } });

        var logP = ReferenceMath.LogSoftmax(row0).Concat(ReferenceMath.LogSoftmax(row1)).ToArray();

        Close(Map(logP, Math.Exp), [2, 3], F.softmax(x, 1), Tolerance);
        Close(logP, [2, 3], F.log_softmax(x, -1), Tolerance);
        Close([0.5, 0.5, 0], F.softmax(x, 1)[1], Tolerance);
    }

    [Fact]
    public void Softmax_AlongDimensionZero_NormalisesColumns()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 0, 1 }, { Math.Log(3), 1 } });

        Close([0.25, 0.5, 0.75, 0.5], F.softmax(x, 0), Tolerance);
        Close(Map([0.25, 0.5, 0.75, 0.5], Math.Log), F.log_softmax(x, 0), Tolerance);
    }

    [Fact]
    public void Softmax_WithDType_ComputesInThatType()
    {
        using var scope = torch.NewDisposeScope();
        var x = F32(0f, 1f);

        var p = F.softmax(x, 0, torch.float64);
        var logP = x.log_softmax(0, torch.float64);

        Assert.Equal(ScalarType.Float64, p.dtype);
        Assert.Equal(ScalarType.Float64, logP.dtype);
        Close(Map(ReferenceMath.LogSoftmax([0, 1]), Math.Exp), p, Tolerance);
        Close(ReferenceMath.LogSoftmax([0, 1]), logP, Tolerance);
    }

    [Theory]
    [InlineData(0.3, true)]
    [InlineData(0.3, false)]
    [InlineData(0.75, true)]
    public void Dropout_InTraining_ZeroesAboutPAndScalesSurvivors(double p, bool seeded)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        var x = torch.full([Draws], 2.0, torch.float64);

        using var dropout = new SeededDropout(p, generator);
        var y = Values(seeded ? dropout.call(x) : F.dropout(x, p, training: true));

        var zeroed = y.Count(v => v == 0) / (double)Draws;
        var standardError = Math.Sqrt(p * (1 - p) / Draws);
        Assert.True(Math.Abs(zeroed - p) <= MaxStandardErrors * standardError, $"zeroed fraction {zeroed} for p = {p}");
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(2 / (1 - p), v, Tolerance));
    }

    [Fact]
    public void Dropout_InEvaluation_IsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1, -2, 3);

        Close([1, -2, 3], F.dropout(x, 0.5, training: false), 0);
        Close([1, -2, 3], F.dropout(x, 0), 0);
    }

    [Fact]
    public void Dropout_WithSeededGenerators_IsReproducible()
    {
        using var scope = torch.NewDisposeScope();
        using var first = new Generator(Seed);
        using var second = new Generator(Seed);
        var x = torch.ones([64], torch.float64);

        using var firstDropout = new SeededDropout(0.5, first);
        using var secondDropout = new SeededDropout(0.5, second);
        var a = Values(firstDropout.call(x));
        var b = Values(secondDropout.call(x));
        var c = Values(firstDropout.call(x));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Dropout_WithPOne_ZeroesEverything_AndRejectsPOutsideTheUnitInterval()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(Seed);
        var x = F64(1, 2, 3);

        using var dropout = new SeededDropout(1, generator);
        Close([0, 0, 0], dropout.call(x), 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededDropout(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededDropout(-0.1));
    }

    [Fact]
    public void LayerNorm_StandardisesTheLastDimension_ThenScalesAndShifts()
    {
        using var scope = torch.NewDisposeScope();
        const double Eps = 1e-5;
        double[][] rows = [[1, 2, 3, 6], [-1, 0, 0, 5]];
        double[] weight = [1, 2, 0.5, -1];
        double[] bias = [0, 1, 0, 0.25];
        var x = torch.tensor(rows.SelectMany(r => r).ToArray(), [2, 4]);

        var expected = new List<double>();
        var plain = new List<double>();
        foreach (var row in rows)
        {
            var mean = row.Average();
            var variance = row.Average(v => (v - mean) * (v - mean)); // biased, as layer norm uses
            for (var k = 0; k < 4; k++)
            {
                var z = (row[k] - mean) / Math.Sqrt(variance + Eps);
                plain.Add(z);
                expected.Add(z * weight[k] + bias[k]);
            }
        }

        Close(plain.ToArray(), F.layer_norm(x, [4]), Tolerance);
        Close(expected.ToArray(), [2, 4], F.layer_norm(x, [4], F64(weight), F64(bias), Eps), Tolerance);
        var whole = F.layer_norm(x, [2, 4]);
        Close(0, whole.mean(), Tolerance);
        Close(1, whole.flatten().var([0L], unbiased: false), 1e-5); // whole.var(unbiased: false) is always unbiased in TorchSharp 0.107
    }

    [Fact]
    public void Linear_IsXTimesWeightTransposedPlusBias()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 1, 2, 3 }, { -1, 0, 1 } });
        var weight = Matrix(new double[,] { { 1, 0, 0 }, { 0, 1, 1 } });
        var bias = F64(0.5, -1);

        Close([1.5, 4, -0.5, 0], [2, 2], F.linear(x, weight, bias), Tolerance);
        Close([1, 5, -1, 1], F.linear(x, weight), Tolerance);
    }

    [Fact]
    public void Embedding_LooksUpRows()
    {
        using var scope = torch.NewDisposeScope();
        var weight = Matrix(new double[,] { { 0, 0.5 }, { 1, 1.5 }, { 2, 2.5 }, { 3, 3.5 } });
        var indices = torch.tensor(new long[] { 3, 0, 1, 1 }, [2, 2]);

        using var embedding = new ManagedEmbedding(weight);
        Close([3, 3.5, 0, 0.5, 1, 1.5, 1, 1.5], [2, 2, 2], embedding.call(indices), 0);
    }

    [Fact]
    public void OneHot_MarksTheClassColumn()
    {
        using var scope = torch.NewDisposeScope();
        var classes = I64(0, 2, 1);

        var inferred = F.one_hot(classes);
        var wide = F.one_hot(classes, 4);

        Assert.Equal([3L, 3], inferred.shape);
        Assert.Equal(ScalarType.Int64, inferred.dtype);
        Equal([1, 0, 0, 0, 0, 1, 0, 1, 0], inferred);
        Assert.Equal([3L, 4], wide.shape);
        Equal([1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0], wide);
    }

    [Fact]
    public void Pad_Constant_FillsWithTheValue_OnTheLastDimensionsFirst()
    {
        using var scope = torch.NewDisposeScope();

        Close([-1, 1, 2, 3, -1, -1], F.pad(F64(1, 2, 3), [1, 2], value: -1), 0);
        Close([0, 1, 2, 0, 3, 4, 0, 0, 0], [3, 3], F.pad(Matrix(new double[,] { { 1, 2 }, { 3, 4 } }), [1, 0, 0, 1]), 0);
    }

    [Theory]
    [InlineData(PaddingModes.Reflect, new double[] { 3, 2, 1, 2, 3, 4, 3 })]
    [InlineData(PaddingModes.Replicate, new double[] { 1, 1, 1, 2, 3, 4, 4 })]
    [InlineData(PaddingModes.Circular, new double[] { 3, 4, 1, 2, 3, 4, 1 })]
    public void Pad_BorderModes_ExtendFromTheEdges(PaddingModes mode, double[] expected)
    {
        using var scope = torch.NewDisposeScope();
        var x = F64(1, 2, 3, 4).reshape(1, 1, 4); // (N, C, W)

        Close(expected, [1, 1, 7], F.pad(x, [2, 1], mode), 0);
    }
}
