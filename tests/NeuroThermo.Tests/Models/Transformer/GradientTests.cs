using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Transformer;

/// <summary>Hand-written derivatives of the language model against autograd, in float64.</summary>
public sealed class GradientTests
{
    /// <summary>Largest allowed max|hand − autograd| / max|autograd| over a gradient tensor.</summary>
    private const double RelTol = 1e-10;

    private static double RelativeError(Tensor hand, Tensor reference)
    {
        using var scope = torch.NewDisposeScope();
        return hand.sub(reference).abs().max().ItemAs<double>() / reference.abs().max().ItemAs<double>();
    }

    [Fact]
    public void CrossEntropyLogitsGradient_IsSoftmaxMinusOneHotOverN()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        var logits = torch.randn([7, 11], torch.float64, generator: generator).mul(3).requires_grad_();
        var targets = torch.randint(0, 11, [7], generator: generator);
        CrossEntropy.Loss(logits, targets).backward();
        var hand = CrossEntropy.LogitsGradient(logits.detach(), targets);
        Assert.True(RelativeError(hand, logits.grad!) < RelTol, $"relative error {RelativeError(hand, logits.grad!)}");
    }

    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(2, 6, 4)]
    [InlineData(3, 9, 5)]
    public void SingleHeadAttentionBackward_EqualsAutograd(int batch, int time, int width)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator((ulong)(batch * 100 + time * 10 + width));
        var x = torch.randn([batch, time, width], torch.float64, generator: generator).requires_grad_();
        var wQ = torch.randn([width, width], torch.float64, generator: generator).requires_grad_();
        var wK = torch.randn([width, width], torch.float64, generator: generator).requires_grad_();
        var wV = torch.randn([width, width], torch.float64, generator: generator).requires_grad_();
        var dOutput = torch.randn([batch, time, width], torch.float64, generator: generator);

        using var attention = new SingleHeadAttention(new TransformerConfig { EmbeddingSize = width, Dropout = 0 }, torch.float64);
        using (torch.no_grad())
        {
            attention.WQ.copy_(wQ);
            attention.WK.copy_(wK);
            attention.WV.copy_(wV);
        }
        // L = Σ O ∘ G has dL/dO = G.
        attention.call(x).mul(dOutput).sum().backward();
        var (dX, dWQ, dWK, dWV) = SingleHeadAttention.Backward(x.detach(), wQ.detach(), wK.detach(), wV.detach(), dOutput);

        Assert.True(RelativeError(dX, x.grad!) < RelTol, $"dX relative error {RelativeError(dX, x.grad!)}");
        Assert.True(RelativeError(dWQ, attention.WQ.grad!) < RelTol, $"dW_Q relative error {RelativeError(dWQ, attention.WQ.grad!)}");
        Assert.True(RelativeError(dWK, attention.WK.grad!) < RelTol, $"dW_K relative error {RelativeError(dWK, attention.WK.grad!)}");
        Assert.True(RelativeError(dWV, attention.WV.grad!) < RelTol, $"dW_V relative error {RelativeError(dWV, attention.WV.grad!)}");
    }
}
