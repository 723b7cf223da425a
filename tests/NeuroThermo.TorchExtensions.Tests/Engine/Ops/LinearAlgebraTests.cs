using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static NeuroThermo.TorchExtensions.Tests.Engine.Ops.OpAssert;

namespace NeuroThermo.TorchExtensions.Tests.Engine.Ops;

public sealed class LinearAlgebraTests
{
    private const double Tolerance = 1e-12;

    // C = A B for row-major (n, k) and (k, m) blocks, by the textbook triple loop.
    private static double[] MatMul(double[] a, double[] b, int n, int k, int m)
    {
        var c = new double[n * m];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < m; j++)
                for (var l = 0; l < k; l++)
                    c[i * m + j] += a[i * k + l] * b[l * m + j];
        return c;
    }

    private static double[] Range(int count, double scale = 1, double offset = 0) =>
        Enumerable.Range(0, count).Select(v => v * scale + offset).ToArray();

    [Fact]
    public void MatmulAndMm_MultiplyMatrices()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Matrix(new double[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });

        double[] expected = [58, 64, 139, 154];

        Close(expected, [2, 2], Guarded.matmul(a, b), 0);
        Close(expected, [2, 2], a.mm(b), 0);
        Close(expected, Guarded.matmul(a, b), 0);
        Close(expected, torch.mm(a, b), 0);
    }

    [Fact]
    public void Matmul_WithVectors_DropsTheVectorDimension()
    {
        using var scope = torch.NewDisposeScope();
        var m = Matrix(new double[,] { { 1, 2 }, { 3, 4 } });
        var v = F64(1, -1);

        Close([-1, -1], [2], Guarded.matmul(m, v), 0);
        Close([-2, -2], [2], Guarded.matmul(v, m), 0);
        Close(2, Guarded.matmul(v, v), 0);
    }

    [Fact]
    public void Matmul_BroadcastsBatchDimensions()
    {
        using var scope = torch.NewDisposeScope();
        // (2, 1, 2, 3) @ (4, 3, 2) -> (2, 4, 2, 2): every left batch meets every right batch.
        var left = Range(2 * 2 * 3, 0.5, -3);
        var right = Range(4 * 3 * 2, 0.25, 1);
        var a = torch.tensor(left, [2, 1, 2, 3]);
        var b = torch.tensor(right, [4, 3, 2]);

        var expected = new List<double>();
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 4; j++)
                expected.AddRange(MatMul(left[(i * 6)..(i * 6 + 6)], right[(j * 6)..(j * 6 + 6)], 2, 3, 2));

        Close(expected.ToArray(), [2, 4, 2, 2], Guarded.matmul(a, b), Tolerance);
    }

    [Fact]
    public void Bmm_MultipliesMatchingBatches()
    {
        using var scope = torch.NewDisposeScope();
        var left = Range(3 * 2 * 4, 1, -5);
        var right = Range(3 * 4 * 2, -0.5, 2);
        var a = torch.tensor(left, [3, 2, 4]);
        var b = torch.tensor(right, [3, 4, 2]);

        var expected = Enumerable.Range(0, 3)
            .SelectMany(k => MatMul(left[(k * 8)..(k * 8 + 8)], right[(k * 8)..(k * 8 + 8)], 2, 4, 2)).ToArray();

        Close(expected, [3, 2, 2], a.bmm(b), Tolerance);
        Close(expected, torch.bmm(a, b), Tolerance);
    }

    [Fact]
    public void OuterAndDot_OfTwoVectors()
    {
        using var scope = torch.NewDisposeScope();
        var u = F64(1, 2, 3);
        var v = F64(4, -1);

        Close([4, -1, 8, -2, 12, -3], [3, 2], u.outer(v), 0);
        Close([4, -1, 8, -2, 12, -3], torch.outer(u, v), 0);
        Close(1 * 4 + 2 * 5 + 3 * 6, u.dot(F64(4, 5, 6)), 0);
    }

    [Fact]
    public void Einsum_ContractsAsWritten()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 1, 2 }, { 3, 4 } });
        var b = Matrix(new double[,] { { 0, 1 }, { 1, 0 } });

        Close([2, 1, 4, 3], torch.einsum("ij,jk->ik", a, b), 0);
        Close(5, torch.einsum("ii->", a), 0);
        Close([1, 3, 2, 4], torch.einsum("ij->ji", a), 0);
        Close([1 + 4, 9 + 16], torch.einsum("bi,bi->b", a, a), 0);
    }

    [Fact]
    public void TransposeFamily_SwapsAxesAsViews()
    {
        using var scope = torch.NewDisposeScope();
        var m = Matrix(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var cube = torch.arange(0, 24, dtype: torch.float64).reshape(2, 3, 4); // value = 12i + 4j + k

        Close([1, 4, 2, 5, 3, 6], [3, 2], m.transpose(0, 1), 0);
        Close([1, 4, 2, 5, 3, 6], [3, 2], m.t(), 0);
        Close([1, 4, 2, 5, 3, 6], [3, 2], m.mT, 0);
        Assert.False(m.t().is_contiguous());
        Assert.Equal([2L, 4, 3], cube.mT.shape);
        var permuted = cube.permute(2, 0, 1); // (2, 3, 4) -> (4, 2, 3)
        Assert.Equal([4L, 2, 3], permuted.shape);
        Close(12 * 1 + 4 * 2 + 3, permuted[3, 1, 2], 0);
        Close([1, 2, 3], F64(1, 2, 3).t(), 0);
    }

    [Fact]
    public void Eigh_OfTridiagonalMatrix_GivesKnownEigenvaluesAndReconstructs()
    {
        using var scope = torch.NewDisposeScope();
        // The 1-D Laplacian-like matrix tridiag(1, 2, 1): eigenvalues 2 + 2cos(kπ/4), k = 3, 2, 1.
        var a = Matrix(new double[,] { { 2, 1, 0 }, { 1, 2, 1 }, { 0, 1, 2 } });

        var (w, v) = torch.linalg.eigh(a);
        var reconstructed = Guarded.matmul(Guarded.matmul(v, w.diag()), v.mT);

        Close([2 - Math.Sqrt(2), 2, 2 + Math.Sqrt(2)], w, Tolerance);
        Close(Values(a), reconstructed, Tolerance);
        Close(Values(torch.eye(3, dtype: torch.float64)), Guarded.matmul(v.mT, v), Tolerance);
    }

    [Fact]
    public void Eigh_ReadsOnlyTheRequestedTriangle()
    {
        using var scope = torch.NewDisposeScope();
        // Only the upper triangle describes diag(1, 3) + offdiag(1): eigenvalues 2 ± √2.
        var a = Matrix(new double[,] { { 1, 1 }, { 99, 3 } });

        var (w, _) = torch.linalg.eigh(a, 'U');

        Close([2 - Math.Sqrt(2), 2 + Math.Sqrt(2)], w, Tolerance);
    }

    [Fact]
    public void Eigvals_OfSymmetricMatrix_AreComplexWithTheEigenvaluesAsModuli()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 2, 1, 0 }, { 1, 2, 1 }, { 0, 1, 2 } });

        var lambda = torch.linalg.eigvals(a);

        Assert.Equal(ScalarType.ComplexFloat64, lambda.dtype);
        Assert.Equal([3L], lambda.shape);
        // All three are positive, so |λ| = λ.
        Close([2 - Math.Sqrt(2), 2, 2 + Math.Sqrt(2)], lambda.abs().sort().Values, Tolerance);
    }

    [Fact]
    public void Eigvals_OfRotationScaling_AreTheConjugatePairAPlusMinusIB()
    {
        using var scope = torch.NewDisposeScope();
        const double A = 0.6;
        const double B = 0.8;
        var m = Matrix(new double[,] { { A, -B }, { B, A } });

        var lambda = torch.linalg.eigvals(m);

        // |λ| = √(a² + b²) and |λ − a| = b fix λ to a ± ib; the two differ by 2ib.
        Close([1, 1], lambda.abs(), Tolerance);
        Close([B, B], lambda.sub(A).abs(), Tolerance);
        Close(2 * B, lambda[0].sub(lambda[1]).abs(), Tolerance);
    }

    [Fact]
    public void Solve_FindsTheKnownSolution()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 3, 1, 0 }, { 1, 4, 1 }, { 0, 2, 5 } });
        double[] x = [1, -2, 0.5];
        var b = torch.tensor(MatMul(Values(a), x, 3, 3, 1));

        Close(x, torch.linalg.solve(a, b), Tolerance);
        var twoColumns = torch.stack([b, b.mul(2)], 1);
        Close([1, 2, -2, -4, 0.5, 1], [3, 2], torch.linalg.solve(a, twoColumns), Tolerance);
    }

    [Fact]
    public void Inverse_MatchesTheAdjugateFormula()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 4, 7 }, { 2, 6 } });

        // [[d, −b], [−c, a]] / (ad − bc), with ad − bc = 10.
        double[] expected = [0.6, -0.7, -0.2, 0.4];

        Close(expected, a.inverse(), Tolerance);
        Close(expected, torch.inverse(a), Tolerance);
        Close(expected, torch.linalg.inv(a), Tolerance);
    }

    [Fact]
    public void Det_OfKnownMatrices()
    {
        using var scope = torch.NewDisposeScope();
        var a = Matrix(new double[,] { { 4, 7 }, { 2, 6 } });
        var b = Matrix(new double[,] { { 2, 0, 1 }, { 1, 3, 2 }, { 1, 1, 2 } });
        var singular = Matrix(new double[,] { { 1, 2 }, { 2, 4 } });

        Close(10, a.det(), Tolerance);
        Close(10, torch.det(a), Tolerance);
        // Cofactors along the first row: 2(6 − 2) − 0 + 1(1 − 3) = 6.
        Close(6, torch.linalg.det(b), Tolerance);
        Close(0, singular.det(), Tolerance);
        Close([10, 0], torch.stack([a, singular]).det(), Tolerance);
    }

    [Fact]
    public void Norm_ComputesVectorPNorms()
    {
        using var scope = torch.NewDisposeScope();
        var x = Matrix(new double[,] { { 3, -4 }, { 0, 12 } });

        Close(13, x.norm(), Tolerance);
        Close(19, x.norm(p: 1f), Tolerance);
        Close(12, x.norm(p: float.PositiveInfinity), Tolerance);
        Close([5, 12], [2], x.norm(1, keepdim: false), Tolerance);
        Close([5, 12], [2, 1], torch.linalg.norm(x, 2, [1], keepdim: true), Tolerance);
    }

    [Fact]
    public void Pinv_OfARankDeficientMatrix_MeetsThePenroseConditions_AndGivesTheMinimumNormSolution()
    {
        using var scope = torch.NewDisposeScope();
        // Rank 2: the third column is the sum of the first two.
        var a = Matrix(new double[,] { { 1, 2, 3 }, { 0, 1, 1 }, { 2, 0, 2 }, { 1, 1, 2 } });
        var pinv = torch.linalg.pinv(a);

        Assert.Equal([3L, 4L], pinv.shape);
        Close(a.ToArray<double>(), [4, 3], Guarded.matmul(Guarded.matmul(a, pinv), a), Tolerance);
        Close(pinv.ToArray<double>(), [3, 4], Guarded.matmul(Guarded.matmul(pinv, a), pinv), Tolerance);
        Close(Guarded.matmul(a, pinv).t().ToArray<double>(), [4, 4], Guarded.matmul(a, pinv), Tolerance);
        // x = A⁺b solves A x = b for b in the range and is orthogonal to the null space (1, 1, −1).
        var b = Guarded.matmul(a, F64(1, -1, 2));
        var x = Guarded.matmul(pinv, b);
        Close(b.ToArray<double>(), [4], Guarded.matmul(a, x), Tolerance);
        Close(0, x.dot(F64(1, 1, -1)), Tolerance);
    }
}
