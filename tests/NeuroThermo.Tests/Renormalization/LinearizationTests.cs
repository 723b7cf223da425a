using System.Numerics;
using NeuroThermo.Renormalization;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>Eq. 3.48's classification, the exponents y = ln|λ|/ln b and ν = 1/y_T, and the small eigen-solver.</summary>
public sealed class LinearizationTests
{
    // Eigenvalues of 2×2 matrices with entries of order one, by the quadratic formula: a few ulps.
    private const double EigenTol = 1e-13;

    [Theory]
    [InlineData(1.5, Relevance.Relevant)]
    [InlineData(1 + 1e-6, Relevance.Relevant)]
    [InlineData(0.5, Relevance.Irrelevant)]
    [InlineData(0.0, Relevance.Irrelevant)]
    [InlineData(1.0, Relevance.Marginal)]
    [InlineData(1 + 1e-12, Relevance.Marginal)]
    public void Classify_FollowsEq348(double modulus, Relevance expected) =>
        Assert.Equal(expected, RelevanceClassifier.Classify(modulus));

    [Fact]
    public void DiagonalMap_HasTheExponentsOfItsScaleFactors()
    {
        // K' = 4K, L' = L/2 with b = 2: y = ln 4/ln 2 = 2 and ln ½/ln 2 = −1, ν = 1/2.
        var map = new RgMap("diagonal", ["K", "L"], 2, k => torch.stack([k[0] * 4, k[1] * 0.5]));
        var linear = LinearizedFixedPoint.Find(map, [0.3, -0.2]);
        Assert.Equal(2, linear.Directions[0].Exponent, EigenTol);
        Assert.Equal(Relevance.Relevant, linear.Directions[0].Relevance);
        Assert.Equal(-1, linear.Directions[1].Exponent, EigenTol);
        Assert.Equal(Relevance.Irrelevant, linear.Directions[1].Relevance);
        Assert.Equal(0.5, linear.CorrelationLengthExponent!.Value, EigenTol);
    }

    [Fact]
    public void IdentityMap_IsMarginal_AndHasNoNu()
    {
        var map = new RgMap("identity", ["K"], 3, k => k * 1);
        var linear = LinearizedFixedPoint.At(map, [0.25]);
        Assert.Equal(Relevance.Marginal, linear.Directions[0].Relevance);
        Assert.Null(linear.CorrelationLengthExponent);
    }

    [Theory]
    [InlineData(1.3, -0.7, -0.4, 2.1)]
    [InlineData(4.0 / 3, 1, 2.0 / 3, 0)]
    [InlineData(0, 1, 1, 0)]
    public void RealEigenPairs_SatisfyTheEigenEquation(double a, double b, double c, double d)
    {
        var pairs = SmallEigenSolver.Solve(new[,] { { a, b }, { c, d } });
        Assert.True(pairs[0].Value.Magnitude >= pairs[1].Value.Magnitude);
        Assert.Equal(a + d, pairs[0].Value.Real + pairs[1].Value.Real, EigenTol);          // trace
        Assert.Equal(a * d - b * c, pairs[0].Value.Real * pairs[1].Value.Real, EigenTol);  // determinant
        foreach (var pair in pairs)
        {
            var v = pair.Vector!;
            var lambda = pair.Value.Real;
            Assert.Equal(1, v[0] * v[0] + v[1] * v[1], EigenTol);
            Assert.Equal(lambda * v[0], a * v[0] + b * v[1], EigenTol);
            Assert.Equal(lambda * v[1], c * v[0] + d * v[1], EigenTol);
        }
    }

    [Fact]
    public void Rotation_HasAComplexPairOnTheUnitCircle()
    {
        var angle = 0.3;
        var pairs = SmallEigenSolver.Solve(new[,] { { Math.Cos(angle), -Math.Sin(angle) }, { Math.Sin(angle), Math.Cos(angle) } });
        Assert.Equal(Complex.Conjugate(pairs[0].Value), pairs[1].Value);
        Assert.Equal(angle, Math.Abs(pairs[0].Value.Phase), EigenTol);
        Assert.Equal(1, pairs[0].Value.Magnitude, EigenTol);
        Assert.Null(pairs[0].Vector);
    }
}
