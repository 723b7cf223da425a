using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;
using F = TorchSharp.torch.nn.functional;
using Reduction = TorchSharp.torch.nn.Reduction;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

public sealed class LossTests
{
    private const double Tolerance = 1e-12;
    private const long IgnoreDefault = -100;

    private static readonly double[][] LogitRows = [[1, 2, 0.5, -1], [0, 0, 0, 0], [3, -2, 1, 0.5]];
    private static readonly long[] Targets = [1, 3, 0];

    private static Tensor Logits() => torch.tensor(LogitRows.SelectMany(r => r).ToArray(), [3, 4]);

    // −ln softmax(logits)[target], row by row.
    private static double[] PerSampleCrossEntropy() =>
        Targets.Select((t, i) => -ReferenceMath.LogSoftmax(LogitRows[i])[t]).ToArray();

    [Fact]
    public void CrossEntropy_ReducesByMeanSumOrNone()
    {
        using var scope = torch.NewDisposeScope();
        var perSample = PerSampleCrossEntropy();

        Close(perSample.Average(), F.cross_entropy(Logits(), I64(Targets)), Tolerance);
        Close(perSample.Sum(), F.cross_entropy(Logits(), I64(Targets), reduction: Reduction.Sum), Tolerance);
        Close(perSample, [3], F.cross_entropy(Logits(), I64(Targets), reduction: Reduction.None), Tolerance);
    }

    [Fact]
    public void CrossEntropy_SkipsIgnoredTargets_InTheMeanToo()
    {
        using var scope = torch.NewDisposeScope();
        var perSample = PerSampleCrossEntropy();
        var expected = (perSample[0] + perSample[2]) / 2;

        Close(expected, F.cross_entropy(Logits(), I64(1, IgnoreDefault, 0)), Tolerance);
        Close(expected, F.cross_entropy(Logits(), I64(Targets), ignore_index: 3), Tolerance);
        Close([perSample[0], 0, perSample[2]],
            F.cross_entropy(Logits(), I64(Targets), ignore_index: 3, reduction: Reduction.None), Tolerance);
    }

    [Fact]
    public void CrossEntropy_WithClassWeights_IsTheWeightedMean()
    {
        using var scope = torch.NewDisposeScope();
        double[] classWeight = [1, 2, 0.5, 4];
        var perSample = PerSampleCrossEntropy();

        var weights = Targets.Select(t => classWeight[t]).ToArray();
        var expected = perSample.Zip(weights, (l, w) => l * w).Sum() / weights.Sum();

        Close(expected, F.cross_entropy(Logits(), I64(Targets), F64(classWeight)), Tolerance);
    }

    [Fact]
    public void CrossEntropy_WithLabelSmoothing_MixesInTheUniformTarget()
    {
        using var scope = torch.NewDisposeScope();
        const double Epsilon = 0.1;
        const int Classes = 4;

        // (1 − ε) · (−ln pₜ) + ε · mean over classes of (−ln p_c).
        var smoothed = Targets.Select((t, i) =>
        {
            var logP = ReferenceMath.LogSoftmax(LogitRows[i]);
            return (1 - Epsilon) * -logP[t] + Epsilon * -logP.Sum() / Classes;
        }).ToArray();

        Close(smoothed.Average(), F.cross_entropy(Logits(), I64(Targets), label_smoothing: Epsilon), Tolerance);
        Close(smoothed.Sum(), F.cross_entropy(Logits(), I64(Targets), reduction: Reduction.Sum, label_smoothing: Epsilon), Tolerance);
        Close((smoothed[0] + smoothed[2]) / 2,
            F.cross_entropy(Logits(), I64(1, IgnoreDefault, 0), label_smoothing: Epsilon), Tolerance);
    }

    [Fact]
    public void CrossEntropy_OverSpatialDimensions_TreatsEachPositionAsASample()
    {
        using var scope = torch.NewDisposeScope();
        // (N, C, d) = (1, 4, 3): position k holds the logits of LogitRows[k].
        var logits = Logits().t().unsqueeze(0);
        var targets = torch.tensor(Targets, [1, 3]);

        Close(PerSampleCrossEntropy(), [1, 3], F.cross_entropy(logits, targets, reduction: Reduction.None), Tolerance);
    }

    [Fact]
    public void NllLoss_PicksMinusTheTargetLogProbability()
    {
        using var scope = torch.NewDisposeScope();
        var logP = torch.tensor(LogitRows.SelectMany(r => ReferenceMath.LogSoftmax(r)).ToArray(), [3, 4]);
        var perSample = PerSampleCrossEntropy();
        double[] classWeight = [1, 2, 0.5, 4];
        var weights = Targets.Select(t => classWeight[t]).ToArray();

        Close(perSample.Average(), F.nll_loss(logP, I64(Targets)), Tolerance);
        Close(perSample.Sum(), F.nll_loss(logP, I64(Targets), reduction: Reduction.Sum), Tolerance);
        Close(perSample, F.nll_loss(logP, I64(Targets), reduction: Reduction.None), Tolerance);
        Close((perSample[0] + perSample[2]) / 2, F.nll_loss(logP, I64(1, IgnoreDefault, 0)), Tolerance);
        Close(perSample.Zip(weights, (l, w) => l * w).Sum() / weights.Sum(),
            F.nll_loss(logP, I64(Targets), F64(classWeight)), Tolerance);
    }

    [Fact]
    public void MseLoss_ReducesSquaredErrors()
    {
        using var scope = torch.NewDisposeScope();
        var input = F64(1, 2, 3);
        var target = F64(1.5, 0, 3);

        Close((0.25 + 4 + 0) / 3, F.mse_loss(input, target), Tolerance);
        Close(4.25, F.mse_loss(input, target, Reduction.Sum), Tolerance);
        Close([0.25, 4, 0], F.mse_loss(input, target, Reduction.None), Tolerance);
    }

    [Fact]
    public void BinaryCrossEntropy_OfProbabilities_WithAndWithoutWeights()
    {
        using var scope = torch.NewDisposeScope();
        var p = F64(0.9, 0.2, 0.5);
        var y = F64(1, 0, 1);
        double[] perSample = [-Math.Log(0.9), -Math.Log(0.8), -Math.Log(0.5)];

        Close(perSample.Average(), F.binary_cross_entropy(p, y), Tolerance);
        Close(perSample, F.binary_cross_entropy(p, y, reduction: Reduction.None), Tolerance);
        Close(perSample.Sum(), F.binary_cross_entropy(p, y, reduction: Reduction.Sum), Tolerance);
        Close((2 * perSample[0] + 0 + 0.5 * perSample[2]) / 3, F.binary_cross_entropy(p, y, F64(2, 0, 0.5)), Tolerance);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_IsStableAtLargeLogits()
    {
        using var scope = torch.NewDisposeScope();
        double[] logits = [2, -1, 0, 100, -100, 800];
        double[] targets = [1, 0, 1, 0, 0, 1];

        // −[y ln σ(x) + (1 − y) ln(1 − σ(x))] = y ln(1 + e^−x) + (1 − y) ln(1 + eˣ).
        var perSample = logits.Zip(targets, (x, y) => y * ReferenceMath.Log1pExp(-x) + (1 - y) * ReferenceMath.Log1pExp(x)).ToArray();

        Close(perSample, F.binary_cross_entropy_with_logits(F64(logits), F64(targets), reduction: Reduction.None), Tolerance);
        Close(perSample.Average(), F.binary_cross_entropy_with_logits(F64(logits), F64(targets)), Tolerance);
        Close(perSample.Sum(), F.binary_cross_entropy_with_logits(F64(logits), F64(targets), reduction: Reduction.Sum), Tolerance);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogits_WeightsAndPositiveWeights()
    {
        using var scope = torch.NewDisposeScope();
        double[] logits = [0.5, -2, 1];
        double[] targets = [1, 0, 0.25];
        double[] weight = [1, 3, 0.5];
        const double PositiveWeight = 2;

        // The positive term is multiplied by pos_weight, then the whole sample by weight.
        var perSample = logits.Select((x, i) =>
            weight[i] * (PositiveWeight * targets[i] * ReferenceMath.Log1pExp(-x) + (1 - targets[i]) * ReferenceMath.Log1pExp(x))).ToArray();

        Close(perSample, F.binary_cross_entropy_with_logits(F64(logits), F64(targets), F64(weight), Reduction.None,
            F64(PositiveWeight)), Tolerance);
    }
}
