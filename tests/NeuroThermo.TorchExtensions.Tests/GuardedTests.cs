using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests;

/// <summary>
/// The guarded calls against the errors that abort the process through TorchSharp's own entry points
/// (measured: matmul shape error, grad of a tensor without grad_fn, an unused input, a freed graph, SDPA's
/// missing double backward, cummax's dimension check), and against independent values where they succeed.
/// </summary>
public sealed class GuardedTests
{
    private const double RelTol = 1e-12;

    [Fact]
    public void MatMul_ShapeMismatch_ThrowsWithLibtorchsMessage()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => Guarded.matmul(ones(2, 3), ones(4, 5)));
        Assert.Equal("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", error.Message);
    }

    [Fact]
    public void MatMul_BatchedBroadcast_EqualsSumOverTheSharedIndex()
    {
        using var scope = NewDisposeScope();
        var a = randn(new long[] { 3, 2, 4 }, dtype: ScalarType.Float64);
        var b = randn(new long[] { 4, 5 }, dtype: ScalarType.Float64);
        var product = Guarded.matmul(a, b);
        // (3, 2, 4, 1) * (1, 1, 4, 5) summed over the shared index: the product written without matmul.
        var reference = (a.unsqueeze(-1) * b.unsqueeze(0).unsqueeze(0)).sum(2);
        Assert.Equal(new long[] { 3, 2, 5 }, product.shape);
        Assert.True(product.allclose(reference, rtol: RelTol, atol: RelTol));
    }

    [Fact]
    public void MatMul_InsideADisposeScope_LeavesNoLiveTensor_AlsoWhenItFails()
    {
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var scope = NewDisposeScope())
        {
            Guarded.matmul(ones(2, 3), ones(3, 2));
            Assert.Throws<ExternalException>(() => Guarded.matmul(ones(2, 3), ones(2, 3)));
        }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Grad_OfATensorWithoutGradFn_Throws()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => Guarded.grad([ones(2).sum()], [ones(2)]));
        Assert.StartsWith("element 0 of tensors does not require grad and does not have a grad_fn", error.Message);
    }

    [Fact]
    public void Grad_WithAnUnusedInput_ThrowsUnlessAllowed()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, requires_grad: true);
        var unused = ones(2, requires_grad: true);
        var error = Assert.Throws<ExternalException>(() => Guarded.grad([(x * 2).sum()], [unused]));
        Assert.Contains("appears to not have been used in the graph", error.Message);

        var gradients = Guarded.grad_allow_unused([(x * 2).sum()], [x, unused]);
        Assert.Equal([2.0f, 2.0f], gradients[0]!.data<float>().ToArray());
        Assert.Null(gradients[1]);
    }

    [Fact]
    public void Grad_ThroughAFreedGraph_Throws()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, requires_grad: true);
        var y = (x * x).sum();
        Guarded.grad([y], [x]);
        var error = Assert.Throws<ExternalException>(() => Guarded.grad([y], [x]));
        Assert.StartsWith("Trying to backward through the graph a second time", error.Message);
    }

    [Fact]
    public void Grad_SecondDerivativeThroughScaledDotProductAttention_ThrowsInsteadOfAborting()
    {
        // libtorch 2.10 has no double backward for SDPA's CPU kernel: paths that take second derivatives keep the
        // explicit attention equations.
        using var scope = NewDisposeScope();
        var q = randn(new long[] { 1, 2, 4, 8 }, requires_grad: true);
        var output = nn.functional.scaled_dot_product_attention(q, q, q, is_casual: true).sum();
        var first = Guarded.grad([output], [q], create_graph: true)[0];
        var error = Assert.Throws<ExternalException>(() => Guarded.grad([first.sum()], [q]));
        Assert.Contains("is not implemented", error.Message);
    }

    [Fact]
    public void Grad_CreateGraph_KeepsTheGraph_ForTheSecondDerivativeOfXCubed()
    {
        // d/dx x^3 = 3x^2 and d²/dx² x^3 = 6x, in float64.
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -1.5, 0.25, 2.0 }, requires_grad: true);
        var first = Guarded.grad([x.pow(3).sum()], [x], create_graph: true)[0];
        var second = Guarded.grad([first.sum()], [x])[0];
        double[] values = [-1.5, 0.25, 2.0];
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(3 * values[i] * values[i], first[i].item<double>(), RelTol);
            Assert.Equal(6 * values[i], second[i].item<double>(), RelTol);
        }
    }

    [Fact]
    public void Grad_WithGradOutputs_GivesTheVectorJacobianProduct()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.0, 2.0, 3.0 }, requires_grad: true);
        var v = tensor(new[] { 0.5, -1.0, 2.0 });
        var g = Guarded.grad([x * x], [x], [v])[0];
        Assert.Equal([1.0, -4.0, 12.0], g.data<double>().ToArray());
        Assert.Throws<ArgumentException>(() => Guarded.grad([x * x], [x], [v, v]));
    }

    [Fact]
    public void CumMax_DimensionOutOfRange_Throws_AndInRange_GivesRunningMaxima()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => Guarded.cummax(ones(2, 3), 5));
        Assert.StartsWith("Dimension out of range", error.Message);

        var (values, indices) = Guarded.cummax(tensor(new[] { 1.0, 3.0, 2.0, 5.0 }), 0);
        Assert.Equal([1.0, 3.0, 3.0, 5.0], values.data<double>().ToArray());
        Assert.Equal([0L, 1L, 1L, 3L], indices.data<long>().ToArray());
        var (minima, _) = Guarded.cummin(tensor(new[] { 4.0, 3.0, 5.0, 1.0 }), 0);
        Assert.Equal([4.0, 3.0, 3.0, 1.0], minima.data<double>().ToArray());
    }
}
