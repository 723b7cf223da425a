using NeuroThermo.Physics.Lattices;
using NeuroThermo.Physics.TransferMatrices;
using NeuroThermo.Renormalization;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>The 1D decimation (eqs. 3.3–3.16) against brute-force spin sums and the 2×2 transfer matrix.</summary>
public sealed class IsingChainDecimationTests
{
    // ln Z from the flow and from the transfer matrix are both sums of a few dozen rounded terms: relative 1e-12 is
    // ~50 ulps of headroom. Z itself overflows past a thousand spins, so its relative error, |Δ ln Z|, is checked
    // where ln Z is small enough (below SmallLogZ) for a double to hold it to 1e-12 absolute.
    private const double RelTol = 1e-12;
    private const double SmallLogZ = 30;

    // ζ from a geometric series of ~40 terms against a closed form of order one.
    private const double FreeEnergyTol = 1e-13;

    // One step's logarithms of order one against their brute-force sum.
    private const double OneStepTol = 1e-13;

    // Newton stops once |R(K) − K| ≤ 1e-14, and near K* = 0, R(K) − K ≈ −K, so K* is zero to about that; the
    // eigenvalue R'(K*) = tanh 2K* then is about twice it.
    private const double FixedPointTol = 1e-13, EigenvalueTol = 1e-12;

    public static TheoryData<double> Couplings => [0.05, 0.3, 0.7, 1.0, 2.5, 6.0];

    [Theory]
    [MemberData(nameof(Couplings))]
    public void LogZ_FromTheFlow_MatchesTheTransferMatrix_ForRingsOf2To2Pow20(double coupling)
    {
        for (var levels = 1; levels <= 20; levels++)
        {
            using var chain = new IsingChainTransferMatrix(1 << levels, Boundary.Periodic, coupling);
            var exact = chain.LogPartitionFunction(1.0);
            var flow = IsingChainDecimation.LogPartitionFunction(coupling, levels);
            Assert.True(Math.Abs(flow - exact) <= RelTol * Math.Abs(exact), $"K = {coupling}, N = 2^{levels}: ln Z {flow} vs {exact}");
            if (exact < SmallLogZ)
                Assert.True(Math.Abs(Math.Exp(flow - exact) - 1) <= RelTol, $"K = {coupling}, N = 2^{levels}: Z differs beyond {RelTol}");
        }
    }

    [Theory]
    [MemberData(nameof(Couplings))]
    public void OneStep_ReproducesTheSumOverTheRemovedSpin(double coupling)
    {
        // Σ_s e^{K s (s1 + s3)} = e^{2g(K)} e^{K' s1 s3} for both s1 s3 = ±1 (e^{2g} = f, the constant per removed spin).
        using var scope = torch.NewDisposeScope();
        var k = torch.tensor(coupling);
        var next = IsingChainDecimation.NextCoupling(k).ItemAs<double>();
        var twoG = 2 * IsingChainDecimation.ConstantPerSpin(k).ItemAs<double>();
        foreach (var (s1, s3) in new[] { (1.0, 1.0), (1.0, -1.0) })
        {
            var brute = Math.Log(Math.Exp(coupling * (s1 + s3)) + Math.Exp(-coupling * (s1 + s3)));
            Assert.Equal(brute, twoG + next * s1 * s3, OneStepTol);
        }
    }

    [Theory]
    [MemberData(nameof(Couplings))]
    public void FreeEnergyDensity_FromIteratingEq315_IsTheAnsatzAndLnLambdaPlus(double coupling)
    {
        var fromFlow = IsingChainDecimation.FreeEnergyDensityFromFlow(coupling);
        Assert.Equal(IsingChainDecimation.FreeEnergyDensityAnsatz(coupling), fromFlow, FreeEnergyTol);
        // ζ = −βf of the infinite chain from its transfer matrix, at β = 1 and J = K.
        Assert.Equal(-IsingChainTransferMatrix.FreeEnergyPerSpinLimit(1, coupling), fromFlow, FreeEnergyTol);
        Assert.True(Math.Abs(IsingChainDecimation.FunctionalEquationResidual(coupling)) <= FreeEnergyTol);
    }

    [Fact]
    public void WrongAnsatz_LeavesAResidual()
    {
        // The residual test can fail: ζ = ln 2 + K (the T → 0 form) does not solve eq. 3.15 at K = 1.
        using var scope = torch.NewDisposeScope();
        var k = torch.tensor(1.0);
        var next = IsingChainDecimation.NextCoupling(k).ItemAs<double>();
        var g = IsingChainDecimation.ConstantPerSpin(k).ItemAs<double>();
        var residual = (Math.Log(2) + next) - 2 * (Math.Log(2) + 1) + 2 * g;
        Assert.True(Math.Abs(residual) > 0.1);
    }

    [Fact]
    public void Flow_GoesToTheStableFixedPointZero()
    {
        var flow = IsingChainDecimation.Flow(2.0, 40);
        for (var j = 1; j < flow.Length; j++) Assert.True(flow[j] < flow[j - 1] || flow[j] == 0);
        Assert.True(flow[^1] < FixedPointTol);   // K_{j+1} ≈ K_j² once small: 40 steps are far more than enough
        var linear = LinearizedFixedPoint.Find(IsingChainDecimation.Map, [0.5]);
        Assert.Equal(0, linear.FixedPoint[0], FixedPointTol);
        Assert.Equal(0, linear.Directions[0].Eigenvalue.Real, EigenvalueTol);
        Assert.Equal(Relevance.Irrelevant, linear.Directions[0].Relevance);
        Assert.Null(linear.CorrelationLengthExponent);
    }
}
