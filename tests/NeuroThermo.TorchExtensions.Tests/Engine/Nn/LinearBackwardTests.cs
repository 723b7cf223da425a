using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Nn;

/// <summary>
/// nn.functional.linear's backward, with two intra-op threads, against its gradients written out without autograd:
/// for y = x Wᵀ + b and an upstream gradient G, ∂L/∂x = G W, ∂L/∂W = Gᵀ x and ∂L/∂b = Σ G over the rows (the batch
/// dimensions flattened into rows). Float64 throughout. (Successor of the old binding's paired linear node, whose
/// choice of node no longer exists: libtorch's own backward is what is pinned.)
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class LinearBackwardTests
{
    private const double Float64Tolerance = 1e-12;
    private const int Threads = 2;

    // 3 × 64 rows of 96 features into 128: 2.4 M multiply-adds per product, large enough that libtorch splits it.
    private static readonly long[] InputShape = [3, 64, 96];
    private const long OutFeatures = 128;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TwoThreads_GradientsMatchTheClosedForms(bool withBias)
    {
        using var threads = new ThreadCount(Threads);
        using var scope = torch.NewDisposeScope();
        var (x, w, b, upstream) = Operands(withBias, seed: 11);

        var y = torch.nn.functional.linear(x, w, b);
        var gradients = Guarded.grad([y], Inputs(x, w, b), [upstream]);

        var expected = ClosedForms(x, w, b, upstream);
        Assert.Equal(expected.Length, gradients.Length);
        for (var i = 0; i < expected.Length; i++)
            AssertClose(expected[i], gradients[i], $"gradient {i}");
        AssertClose(Reference(x, w, b), y, "output");
    }

    [Fact]
    public void AnInputWithoutGradient_StillGivesTheWeightGradient_AndNoGradRecordsNothing()
    {
        using var threads = new ThreadCount(Threads);
        using var scope = torch.NewDisposeScope();
        var (x, w, b, upstream) = Operands(withBias: true, seed: 12);
        var frozenInput = x.detach();   // only ∂L/∂W and ∂L/∂b are needed

        var y = torch.nn.functional.linear(frozenInput, w, b);
        var gradients = Guarded.grad([y], [w, b!], [upstream]);

        var expected = ClosedForms(frozenInput, w, b, upstream);
        AssertClose(expected[1], gradients[0], "weight gradient");
        AssertClose(expected[2], gradients[1], "bias gradient");
        using (torch.no_grad())
            Assert.False(torch.nn.functional.linear(x, w, b).requires_grad);
    }

    [Fact]
    public void CreateGraph_DifferentiatesThroughTheBackward()
    {
        // L = Σ (x Wᵀ)² has ∂L/∂x = 2 (x Wᵀ) W; M = Σ ∂L/∂x ⊙ c = 2 ⟨x Wᵀ, c Wᵀ⟩, so ∂M/∂W = 2 W (cᵀ x + xᵀ c).
        using var threads = new ThreadCount(Threads);
        using var scope = torch.NewDisposeScope();
        var (x, w, _, _) = Operands(withBias: false, seed: 13);
        using var generator = new Generator(14);
        var c = torch.randn(InputShape, ScalarType.Float64, generator: generator);

        var y = torch.nn.functional.linear(x, w);
        var dx = Guarded.grad(y.pow(2).sum(), x, create_graph: true);
        var second = Guarded.grad((dx * c).sum(), w);

        using var noGrad = torch.no_grad();
        var rowsX = x.detach().reshape(-1, InputShape[^1]); // (B, T, in) -> (B·T, in)
        var rowsC = c.reshape(-1, InputShape[^1]);
        var expected = Guarded.matmul(w.detach(), Guarded.matmul(rowsC.t(), rowsX) + Guarded.matmul(rowsX.t(), rowsC)).mul(2.0);
        AssertClose(expected, second, "second derivative");
    }

    [Fact]
    public void MismatchedShapes_AreOneSentence_NotANativeAbort()
    {
        using var threads = new ThreadCount(Threads);
        using var scope = torch.NewDisposeScope();
        var (x, _, _, _) = Operands(withBias: false, seed: 15);
        var wrong = torch.zeros([OutFeatures, InputShape[^1] + 1], ScalarType.Float64).requires_grad_();
        var error = Assert.Throws<ExternalException>(() => torch.nn.functional.linear(x, wrong));
        Assert.StartsWith("mat1 and mat2 shapes cannot be multiplied (192x96 and 97x128)", error.Message);
    }

    [Fact(Skip = "TorchSharp 0.107's ExternalException message is c10::Error::what(): libtorch's sentence, then \"Exception raised from ...\" and the C++ frames")]
    public void MismatchedShapes_AreOneSentence()
    {
        using var scope = torch.NewDisposeScope();
        var (x, _, _, _) = Operands(withBias: false, seed: 15);
        var wrong = torch.zeros([OutFeatures, InputShape[^1] + 1], ScalarType.Float64).requires_grad_();
        var error = Assert.Throws<ExternalException>(() => torch.nn.functional.linear(x, wrong));
        Assert.DoesNotContain("\n", error.Message.Trim());
    }

    /// <summary>[∂L/∂x, ∂L/∂W, ∂L/∂b (when there is a bias)], computed under no_grad from G.</summary>
    private static Tensor[] ClosedForms(Tensor x, Tensor w, Tensor? b, Tensor upstream)
    {
        using var noGrad = torch.no_grad();
        var rowsG = upstream.reshape(-1, OutFeatures);     // (B, T, out) -> (B·T, out)
        var rowsX = x.detach().reshape(-1, InputShape[^1]); // (B, T, in) -> (B·T, in)
        var dx = Guarded.matmul(upstream, w.detach());
        var dw = Guarded.matmul(rowsG.t(), rowsX);
        return b is null ? [dx, dw] : [dx, dw, rowsG.sum(0L)];
    }

    private static Tensor Reference(Tensor x, Tensor w, Tensor? b)
    {
        using var noGrad = torch.no_grad();
        var product = Guarded.matmul(x, w.t());
        return b is null ? product : product + b;
    }

    private static (Tensor X, Tensor W, Tensor? B, Tensor Upstream) Operands(bool withBias, ulong seed)
    {
        using var generator = new Generator(seed);
        var x = torch.randn(InputShape, ScalarType.Float64, generator: generator).requires_grad_();
        var w = torch.randn([OutFeatures, InputShape[^1]], ScalarType.Float64, generator: generator).requires_grad_();
        var b = withBias ? torch.randn([OutFeatures], ScalarType.Float64, generator: generator).requires_grad_() : null;
        var upstream = torch.randn([InputShape[0], InputShape[1], OutFeatures], ScalarType.Float64, generator: generator);
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
