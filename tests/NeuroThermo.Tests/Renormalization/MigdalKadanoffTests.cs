using NeuroThermo.Renormalization;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>The Migdal–Kadanoff fixed point and ν by Newton against an independent bisection in plain doubles.</summary>
public sealed class MigdalKadanoffTests
{
    // Bisection to adjacent doubles on a map with slope ≈ 1.68 at K*: K* to a few ulps; ν through one more logarithm.
    private const double Tol = 1e-12;

    private static double BisectFixedPoint(Func<double, double> map, double low, double high)
    {
        // map(K) − K changes sign between low and high; halve until the bracket is two adjacent doubles.
        var lowSign = Math.Sign(map(low) - low);
        Assert.NotEqual(lowSign, Math.Sign(map(high) - high));
        while (true)
        {
            var middle = 0.5 * (low + high);
            if (middle <= low || middle >= high) return middle;
            if (Math.Sign(map(middle) - middle) == lowSign) low = middle;
            else high = middle;
        }
    }

    [Fact]
    public void MoveThenDecimate_FixedPointAndNu_MatchBisection()
    {
        var expected = BisectFixedPoint(k => 0.5 * Math.Log(Math.Cosh(4 * k)), 0.1, 1);
        var slope = 2 * Math.Tanh(4 * expected);                  // d/dK ½ ln cosh 4K
        var linear = LinearizedFixedPoint.Find(MigdalKadanoff.MoveThenDecimate, [0.3]);
        Assert.Equal(expected, linear.FixedPoint[0], Tol);
        Assert.Equal(slope, linear.Directions[0].Eigenvalue.Real, Tol);
        Assert.Equal(Math.Log(2) / Math.Log(slope), linear.CorrelationLengthExponent!.Value, Tol);
    }

    [Fact]
    public void DecimateThenMove_HasTwiceTheFixedPointAndTheSameNu()
    {
        var expected = BisectFixedPoint(k => Math.Log(Math.Cosh(2 * k)), 0.2, 2);
        var moved = LinearizedFixedPoint.Find(MigdalKadanoff.MoveThenDecimate, [0.3]);
        var decimated = LinearizedFixedPoint.Find(MigdalKadanoff.DecimateThenMove, [0.6]);
        Assert.Equal(expected, decimated.FixedPoint[0], Tol);
        Assert.Equal(2 * moved.FixedPoint[0], decimated.FixedPoint[0], Tol);
        Assert.Equal(moved.CorrelationLengthExponent!.Value, decimated.CorrelationLengthExponent!.Value, Tol);
    }
}
