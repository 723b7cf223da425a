using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Nn;

/// <summary>
/// libtorch's scaled_dot_product_attention(is_casual: true) against the same attention written as operators —
/// softmax(q kᵀ / √d, masked above the diagonal) v — in float64: outputs and all three gradients, strided views,
/// float32 against float64, causality itself, and the second derivative, which the transformer's explicit
/// attention path needs and SDPA's CPU kernel does not give. (Successor of the old binding's fused causal-attention
/// node; SDPA has no scale argument in TorchSharp, so every case uses its default 1/√d.)
/// </summary>
public sealed class ScaledDotProductAttentionTests
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

        var fused = Sdpa(q, k, v);
        var reference = Composite(q, k, v);
        AssertClose(reference, fused, Float64Tolerance, "output");

        var got = Guarded.grad([fused], [q, k, v], [upstream]);
        var expected = Guarded.grad([reference], [q, k, v], [upstream]);
        for (var i = 0; i < 3; i++)
            AssertClose(expected[i], got[i], Float64Tolerance, $"gradient {"qkv"[i]}");
    }

    [Fact]
    public void StridedViews_LikeTheHeadsOfAFusedProjection_GiveTheSameResult()
    {
        // The transformer hands in q, k, v as (B, H, T, d) views of one (B, T, 3C) tensor.
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        const int batch = 2, heads = 4, time = 9, features = 8, channels = heads * features;
        var qkv = torch.randn([batch, time, 3 * channels], ScalarType.Float64, generator: generator).requires_grad_();
        var parts = qkv.split(channels, -1);
        var views = parts.Select(p => p.view(batch, time, heads, features).transpose(1, 2)).ToArray(); // (B, T, C) -> (B, H, T, d)
        var upstream = torch.randn([batch, heads, time, features], ScalarType.Float64, generator: generator);

        var fused = Sdpa(views[0], views[1], views[2]);
        var reference = Composite(views[0], views[1], views[2]);
        AssertClose(reference, fused, Float64Tolerance, "output");
        AssertClose(Guarded.grad([reference], [qkv], [upstream])[0], Guarded.grad([fused], [qkv], [upstream])[0],
            Float64Tolerance, "gradient of the fused projection");
    }

    [Fact]
    public void Float32_AgreesWithFloat64()
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v, upstream) = Operands(2, 4, 64, 32, ScalarType.Float64, seed: 21);
        var exact = Composite(q, k, v);
        var exactGrads = Guarded.grad([exact], [q, k, v], [upstream]);
        var (q32, k32, v32) = (Single(q), Single(k), Single(v));
        var fused = Sdpa(q32, k32, v32);
        AssertClose(exact, fused.to(ScalarType.Float64), Float32Tolerance, "output");
        var grads = Guarded.grad([fused], [q32, k32, v32], [upstream.to(ScalarType.Float32)]);
        for (var i = 0; i < 3; i++)
            AssertClose(exactGrads[i], grads[i].to(ScalarType.Float64), Float32Tolerance, $"gradient {"qkv"[i]}");
    }

    [Fact(Skip = "libtorch 2.10: derivative for aten::_scaled_dot_product_flash_attention_for_cpu_backward is not implemented (the error is pinned by GuardedTests)")]
    public void CreateGraph_SecondDerivativeMatchesTheComposite()
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v, _) = Operands(1, 2, 6, 4, ScalarType.Float64, seed: 8);
        using var generator = new Generator(9);
        var c = torch.randn([1, 2, 6, 4], ScalarType.Float64, generator: generator);

        var dq = Guarded.grad(Sdpa(q, k, v).pow(2).sum(), q, create_graph: true);
        var second = Guarded.grad((dq * c).sum(), k);
        var dqReference = Guarded.grad(Composite(q, k, v).pow(2).sum(), q, create_graph: true);
        var secondReference = Guarded.grad((dqReference * c).sum(), k);
        AssertClose(secondReference, second, Float64Tolerance, "second derivative");
    }

    [Fact]
    public void ChangingAFutureKeyOrValue_LeavesEarlierOutputsUnchanged()
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v, _) = Operands(1, 2, 10, 4, ScalarType.Float64, seed: 3);
        var before = Sdpa(q, k, v).detach();
        using (torch.no_grad())
        {
            k.narrow(2, 6, 1).add_(5.0);
            v.narrow(2, 6, 1).sub_(7.0);
        }
        var after = Sdpa(q, k, v).detach();
        Assert.Equal(0.0, (after.narrow(2, 0, 6) - before.narrow(2, 0, 6)).abs().max().item<double>());
        Assert.True((after.narrow(2, 6, 1) - before.narrow(2, 6, 1)).abs().max().item<double>() > 0.1, "position 6 sees its own key");
    }

    [Fact(Skip = "libtorch 2.10's CPU SDPA accepts a key of length 6 with a value of length 5 and returns (1, 2, 5, 4) without an error")]
    public void MismatchedShapes_AreOneSentence()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.zeros([1, 2, 5, 4]);
        var error = Assert.Throws<ExternalException>(() => Sdpa(q, torch.zeros([1, 2, 6, 4]), q));
        Assert.DoesNotContain("\n", error.Message.Trim());
    }

    private static Tensor Sdpa(Tensor q, Tensor k, Tensor v) => nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);

    private static Tensor Composite(Tensor q, Tensor k, Tensor v)
    {
        var time = q.size(2);
        var scale = 1 / Math.Sqrt(q.size(-1));
        var future = torch.ones([time, time], ScalarType.Float64).triu(1).eq(torch.tensor(1.0));
        var scores = Guarded.matmul(q, k.transpose(-2, -1)).mul(scale).masked_fill(future, double.NegativeInfinity);
        return Guarded.matmul(torch.nn.functional.softmax(scores, -1), v);
    }

    private static Tensor Single(Tensor t) => t.detach().to(ScalarType.Float32).requires_grad_();

    private static (Tensor Q, Tensor K, Tensor V, Tensor Upstream) Operands(int batch, int heads, int time, int features, ScalarType dtype, ulong seed)
    {
        using var generator = new Generator(seed);
        long[] shape = [batch, heads, time, features];
        var q = torch.randn(shape, dtype, generator: generator).requires_grad_();
        var k = torch.randn(shape, dtype, generator: generator).requires_grad_();
        var v = torch.randn(shape, dtype, generator: generator).requires_grad_();
        return (q, k, v, torch.randn(shape, dtype, generator: generator));
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = Math.Max(1, expected.abs().max().item<double>());
        var error = (expected - actual).abs().max().item<double>();
        Assert.True(error <= tolerance * scale, $"{what}: max |difference| {error:g3} against scale {scale:g3}");
    }
}
