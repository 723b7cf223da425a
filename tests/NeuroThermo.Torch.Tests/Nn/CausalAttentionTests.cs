namespace NeuroThermo.Torch.Tests.Nn;

/// <summary>
/// functional.causal_attention (the shim's causal_attention.cpp) against the same attention written as operators —
/// softmax(masked_fill(q kᵀ · scale)) v — whose every node is libtorch's: outputs and all three gradients in float64,
/// float32 against float64, a second derivative, and causality itself.
/// </summary>
public sealed class CausalAttentionTests
{
    private const double Float64Tolerance = 1e-12;
    private const double Float32Tolerance = 2e-6;   // relative to the largest entry, float32 against float64

    [Theory]
    [InlineData(2, 3, 7, 5)]
    [InlineData(3, 4, 64, 32)]
    [InlineData(1, 1, 1, 3)]
    [InlineData(2, 2, 20, 16)]
    [InlineData(1, 2, 33, 64)]
    public void Float64_OutputAndGradientsMatchTheOperatorComposite(int batch, int heads, int time, int features)
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v, upstream) = Operands(batch, heads, time, features, ScalarType.Float64, seed: (ulong)(time * 31 + features));
        var scale = 1 / Math.Sqrt(features);

        var fused = torch.nn.functional.causal_attention(q, k, v, scale);
        var reference = Composite(q, k, v, scale);
        AssertClose(reference, fused, Float64Tolerance, "output");
        Assert.True(fused.transpose(1, 2).is_contiguous(), "the result is laid out as (batch, time, heads, features)");

        var got = torch.autograd.grad([fused], [q, k, v], [upstream]);
        var expected = torch.autograd.grad([reference], [q, k, v], [upstream]);
        for (var i = 0; i < 3; i++)
            AssertClose(expected[i]!, got[i]!, Float64Tolerance, $"gradient {"qkv"[i]}");
    }

    [Fact]
    public void StridedViews_LikeTheHeadsOfAFusedProjection_GiveTheSameResult()
    {
        // The transformer hands in q, k, v as (B, H, T, d) views of one (B, T, 3C) tensor.
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        const int batch = 2, heads = 4, time = 9, features = 8, channels = heads * features;
        var qkv = torch.randn([batch, time, 3 * channels], ScalarType.Float64, generator).requires_grad_();
        var parts = qkv.split(channels, -1);
        var views = parts.Select(p => p.view(batch, time, heads, features).transpose(1, 2)).ToArray();
        var upstream = torch.randn([batch, heads, time, features], ScalarType.Float64, generator);

        var fused = torch.nn.functional.causal_attention(views[0], views[1], views[2], 0.3);
        var reference = Composite(views[0], views[1], views[2], 0.3);
        AssertClose(reference, fused, Float64Tolerance, "output");
        AssertClose(torch.autograd.grad([reference], [qkv], [upstream])[0]!, torch.autograd.grad([fused], [qkv], [upstream])[0]!,
            Float64Tolerance, "gradient of the fused projection");
    }

    [Fact]
    public void Float32_AgreesWithFloat64()
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v, upstream) = Operands(2, 4, 64, 32, ScalarType.Float64, seed: 21);
        var exact = Composite(q, k, v, 0.25);
        var exactGrads = torch.autograd.grad([exact], [q, k, v], [upstream]);
        var (q32, k32, v32) = (Single(q), Single(k), Single(v));
        var fused = torch.nn.functional.causal_attention(q32, k32, v32, 0.25);
        AssertClose(exact, fused.to(ScalarType.Float64), Float32Tolerance, "output");
        var grads = torch.autograd.grad([fused], [q32, k32, v32], [upstream.to(ScalarType.Float32)]);
        for (var i = 0; i < 3; i++)
            AssertClose(exactGrads[i]!, grads[i]!.to(ScalarType.Float64), Float32Tolerance, $"gradient {"qkv"[i]}");
    }

    [Fact]
    public void CreateGraph_SecondDerivativeMatchesTheComposite()
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v, _) = Operands(1, 2, 6, 4, ScalarType.Float64, seed: 8);
        using var generator = new Generator(9);
        var c = torch.randn([1, 2, 6, 4], ScalarType.Float64, generator);

        var dq = torch.autograd.grad(torch.nn.functional.causal_attention(q, k, v, 0.5).pow(2).sum(), q, create_graph: true);
        var second = torch.autograd.grad((dq * c).sum(), k);
        var dqReference = torch.autograd.grad(Composite(q, k, v, 0.5).pow(2).sum(), q, create_graph: true);
        var secondReference = torch.autograd.grad((dqReference * c).sum(), k);
        AssertClose(secondReference, second, Float64Tolerance, "second derivative");
    }

    [Fact]
    public void ChangingAFutureKeyOrValue_LeavesEarlierOutputsUnchanged()
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v, _) = Operands(1, 2, 10, 4, ScalarType.Float64, seed: 3);
        var before = torch.nn.functional.causal_attention(q, k, v, 0.5).detach();
        using (torch.no_grad())
        {
            k.narrow(2, 6, 1).add_(5.0);
            v.narrow(2, 6, 1).sub_(7.0);
        }
        var after = torch.nn.functional.causal_attention(q, k, v, 0.5).detach();
        Assert.Equal(0.0, (after.narrow(2, 0, 6) - before.narrow(2, 0, 6)).abs().max().item<double>());
        Assert.True((after.narrow(2, 6, 1) - before.narrow(2, 6, 1)).abs().max().item<double>() > 0.1, "position 6 sees its own key");
    }

    [Fact]
    public void MismatchedShapes_AreOneSentence()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.zeros([1, 2, 5, 4]);
        var error = Assert.Throws<TorchException>(() => torch.nn.functional.causal_attention(q, torch.zeros([1, 2, 6, 4]), q, 1.0));
        Assert.Contains("one shape", error.Message);
        Assert.DoesNotContain("\n", error.Message.Trim());
    }

    private static Tensor Composite(Tensor q, Tensor k, Tensor v, double scale)
    {
        var time = q.size(2);
        var future = torch.ones([time, time], ScalarType.Float64).triu(1).eq(1);
        var scores = q.matmul(k.transpose(-2, -1)).mul(scale).masked_fill(future, double.NegativeInfinity);
        return torch.nn.functional.softmax(scores, -1).matmul(v);
    }

    private static Tensor Single(Tensor t) => t.detach().to(ScalarType.Float32).requires_grad_();

    private static (Tensor Q, Tensor K, Tensor V, Tensor Upstream) Operands(int batch, int heads, int time, int features, ScalarType dtype, ulong seed)
    {
        using var generator = new Generator(seed);
        long[] shape = [batch, heads, time, features];
        var q = torch.randn(shape, dtype, generator).requires_grad_();
        var k = torch.randn(shape, dtype, generator).requires_grad_();
        var v = torch.randn(shape, dtype, generator).requires_grad_();
        return (q, k, v, torch.randn(shape, dtype, generator));
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = Math.Max(1, expected.abs().max().item<double>());
        var error = (expected - actual).abs().max().item<double>();
        Assert.True(error <= tolerance * scale, $"{what}: max |difference| {error:g3} against scale {scale:g3}");
    }
}
