namespace NeuroThermo.Torch.Tests.Nn;

/// <summary>
/// functional.linear's backward with two intra-op threads runs ∂L/∂x and ∂L/∂W on one thread each (the shim's
/// linear.cpp). These tests pin the thread count, check that the paired node is the one recorded, and compare its
/// gradients in float64 with autograd of the same map written as x.matmul(Wᵀ) + b.
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class PairedLinearTests
{
    private const double Float64Tolerance = 1e-12;
    private const string PairedNode = "PairedLinear";

    // 3 × 64 rows of 96 features into 128: 2.4 M multiply-adds per product, above the shim's pairing threshold (2^20).
    private static readonly long[] InputShape = [3, 64, 96];
    private const long OutFeatures = 128;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TwoThreads_RecordThePairedNode_AndItsGradientsMatchAutograd(bool withBias)
    {
        using var threads = new ThreadCount(2);
        using var scope = torch.NewDisposeScope();
        var (x, w, b, upstream) = Operands(withBias, seed: 11);

        var y = torch.nn.functional.linear(x, w, b);
        Assert.Contains(PairedNode, y.grad_fn_name);
        var paired = torch.autograd.grad([y], Inputs(x, w, b), [upstream]);

        var reference = x.matmul(w.t());
        if (b is not null) reference = reference + b;
        Assert.DoesNotContain(PairedNode, reference.grad_fn_name);
        var expected = torch.autograd.grad([reference], Inputs(x, w, b), [upstream]);

        Assert.Equal(expected.Length, paired.Length);
        for (var i = 0; i < expected.Length; i++)
            AssertClose(expected[i]!, paired[i]!, $"gradient {i}");
        AssertClose(reference, y, "output");
    }

    [Fact]
    public void AnInputWithoutGradient_OrASmallProduct_UsesLibtorchsNode()
    {
        // (The one-thread case is not flipped here: the thread count is process-wide, and tests of other classes
        // run meanwhile.)
        using var threads = new ThreadCount(2);
        using var scope = torch.NewDisposeScope();
        var (x, w, b, _) = Operands(withBias: true, seed: 12);
        Assert.Contains(PairedNode, torch.nn.functional.linear(x, w, b).grad_fn_name);
        var frozenInput = x.detach();   // only ∂L/∂W is needed: nothing to pair
        Assert.DoesNotContain(PairedNode, torch.nn.functional.linear(frozenInput, w, b).grad_fn_name);
        var small = x.narrow(1, 0, 2);   // 3 · 2 · 96 · 128 multiply-adds: under the threshold
        Assert.DoesNotContain(PairedNode, torch.nn.functional.linear(small, w, b).grad_fn_name);
        using (torch.no_grad())
            Assert.Equal("", torch.nn.functional.linear(x, w, b).grad_fn_name);
    }

    [Fact]
    public void CreateGraph_DifferentiatesThroughThePairedBackward()
    {
        // L = Σ (x Wᵀ)² has ∂L/∂x = 2 (x Wᵀ) W; differentiating Σ ∂L/∂x ⊙ c with respect to W once more must give
        // what the same two steps give on x.matmul(Wᵀ), where every node is libtorch's.
        using var threads = new ThreadCount(2);
        using var scope = torch.NewDisposeScope();
        var (x, w, _, _) = Operands(withBias: false, seed: 13);
        using var generator = new Generator(14);
        var c = torch.randn(InputShape, ScalarType.Float64, generator);

        var y = torch.nn.functional.linear(x, w);
        Assert.Contains(PairedNode, y.grad_fn_name);
        var dx = torch.autograd.grad(y.pow(2).sum(), x, create_graph: true);
        var second = torch.autograd.grad((dx * c).sum(), w);

        var reference = x.matmul(w.t());
        var dxReference = torch.autograd.grad(reference.pow(2).sum(), x, create_graph: true);
        var secondReference = torch.autograd.grad((dxReference * c).sum(), w);
        AssertClose(secondReference, second, "second derivative");
    }

    [Fact]
    public void MismatchedShapes_AreOneSentence_NotANativeAbort()
    {
        using var threads = new ThreadCount(2);
        using var scope = torch.NewDisposeScope();
        var (x, _, _, _) = Operands(withBias: false, seed: 15);
        var wrong = torch.zeros([OutFeatures, InputShape[^1] + 1], ScalarType.Float64).requires_grad_();
        var error = Assert.Throws<TorchException>(() => torch.nn.functional.linear(x, wrong));
        Assert.DoesNotContain("\n", error.Message.Trim());
    }

    private static (Tensor X, Tensor W, Tensor? B, Tensor Upstream) Operands(bool withBias, ulong seed)
    {
        using var generator = new Generator(seed);
        var x = torch.randn(InputShape, ScalarType.Float64, generator).requires_grad_();
        var w = torch.randn([OutFeatures, InputShape[^1]], ScalarType.Float64, generator).requires_grad_();
        var b = withBias ? torch.randn([OutFeatures], ScalarType.Float64, generator).requires_grad_() : null;
        var upstream = torch.randn([InputShape[0], InputShape[1], OutFeatures], ScalarType.Float64, generator);
        return (x, w, b, upstream);
    }

    private static Tensor[] Inputs(Tensor x, Tensor w, Tensor? b) => b is null ? [x, w] : [x, w, b];

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var scale = Math.Max(1, expected.abs().max().item<double>());
        var error = (expected - actual).abs().max().item<double>();
        Assert.True(error <= Float64Tolerance * scale, $"{what}: max |difference| {error:g3} against scale {scale:g3}");
    }

    /// <summary>Sets the intra-op thread count for a test and restores it after.</summary>
    private sealed class ThreadCount : IDisposable
    {
        private readonly int _previous = torch.get_num_threads();

        public ThreadCount(int threads) => torch.set_num_threads(threads);

        public void Dispose() => torch.set_num_threads(_previous);
    }
}
