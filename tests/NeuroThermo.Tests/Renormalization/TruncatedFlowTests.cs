using NeuroThermo.Renormalization;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>The truncated flow K' = 2K² + L, L' = K² (eqs. 3.20–3.33) against its algebraic fixed point and spectrum.</summary>
public sealed class TruncatedFlowTests
{
    // The done-when tolerance; Newton and the quadratic formula land within a few ulps of these order-one numbers.
    private const double Tol = 1e-12;

    private static readonly double[] Start = [0.3, 0.1];

    [Fact]
    public void FixedPoint_IsOneThirdOneNinth()
    {
        // L = K², K = 2K² + K² = 3K²: K* = 1/3, L* = 1/9.
        var found = FixedPointFinder.Find(TruncatedSquareLatticeFlow.Map, Start);
        Assert.Equal(1.0 / 3, found.Couplings[0], Tol);
        Assert.Equal(1.0 / 9, found.Couplings[1], Tol);
    }

    [Fact]
    public void Eigenvalues_AreTwoPlusMinusRootTenOverThree_WithNuFromTheRelevantOne()
    {
        // det([[4/3 − λ, 1], [2/3, −λ]]) = λ² − 4λ/3 − 2/3 = 0.
        var linear = LinearizedFixedPoint.Find(TruncatedSquareLatticeFlow.Map, Start);
        var (plus, minus) = ((2 + Math.Sqrt(10)) / 3, (2 - Math.Sqrt(10)) / 3);
        Assert.Equal(plus, linear.Directions[0].Eigenvalue.Real, Tol);
        Assert.Equal(minus, linear.Directions[1].Eigenvalue.Real, Tol);
        Assert.Equal(Relevance.Relevant, linear.Directions[0].Relevance);
        Assert.Equal(Relevance.Irrelevant, linear.Directions[1].Relevance);
        Assert.Equal(Math.Log(Math.Sqrt(2)) / Math.Log(plus), linear.CorrelationLengthExponent!.Value, Tol);
    }

    [Theory]
    [InlineData(1.0 / 3, 1.0 / 9)]
    [InlineData(0.1, 0.0)]
    [InlineData(0.52, -0.3)]
    [InlineData(-1.7, 2.2)]
    public void HandWrittenLinearisation_MatchesAutograd(double k, double l)
    {
        var autograd = TruncatedSquareLatticeFlow.Map.Jacobian([k, l]);
        var hand = TruncatedSquareLatticeFlow.HandWrittenJacobian(k, l);
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++) Assert.Equal(hand[i, j], autograd[i, j], Tol);
    }

    [Fact]
    public void LinearCriticalLine_CrossesLZeroWhereTheIrrelevantEigenvectorSays()
    {
        // (J − λ₂) v = 0 with J = [[4/3, 1], [2/3, 0]]: v ∝ (1, λ₂ − 4/3); from (1/3, 1/9) along v down to L = 0.
        var linear = LinearizedFixedPoint.Find(TruncatedSquareLatticeFlow.Map, Start);
        var minus = (2 - Math.Sqrt(10)) / 3;
        var expected = 1.0 / 3 - (1.0 / 9) / (minus - 4.0 / 3);
        Assert.Equal(expected, TruncatedSquareLatticeFlow.LinearCriticalCoupling(linear), Tol);
    }

    [Fact]
    public void Separatrix_DividesTheFlowsAtLZero()
    {
        var map = TruncatedSquareLatticeFlow.Map;
        double[] fixedPoint = [1.0 / 3, 1.0 / 9];
        var critical = TruncatedSquareLatticeFlow.SeparatrixCoupling(map, fixedPoint, 0, 0, 1);
        // A relative shift of 1e-9 grows by λ₁ ≈ 1.72 per step and decides the fate within ~40 steps.
        const double shift = 1e-9;
        Assert.Equal(FlowFate.Disordered, TruncatedSquareLatticeFlow.Fate(map, [critical - shift, 0], fixedPoint));
        Assert.Equal(FlowFate.Ordered, TruncatedSquareLatticeFlow.Fate(map, [critical + shift, 0], fixedPoint));
        // Started on the separatrix, the flow runs into K* (the irrelevant part shrinks by |λ₂|²⁵ ≈ 5e-11) before the
        // rounding error of the start (~1e-16, growing by λ₁²⁵ ≈ 8e5) can carry it away.
        const double nearFixedPoint = 1e-6;
        var flow = map.Flow([critical, 0], 25);
        Assert.True(Math.Abs(flow[^1][0] - fixedPoint[0]) < nearFixedPoint, $"K after 25 steps from the separatrix: {flow[^1][0]}");
        // By hand, (1/3, 0) → (2/9, 1/9) → … decays and (1/2, 0) → (1/2, 1/4) → (3/4, 1/4) → … grows.
        Assert.InRange(critical, 1.0 / 3, 0.5);
    }
}
