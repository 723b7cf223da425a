using NeuroThermo.Renormalization;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>The exact one-step decimation of eq. 3.19 against brute-force sums over the four neighbours.</summary>
public sealed class SquareLatticeDecimationTests
{
    // Coefficients from a 4×4 normal-equation solve of values of order one (ln 2 cosh 4K up to ~10): a few hundred ulps.
    private const double CouplingTol = 1e-12;

    public static TheoryData<double> Couplings => [0.05, 1.0 / 3, 0.4406868, 1.0, 2.5];

    // The four neighbours of a removed spin in order round the square: s1 s2 are nearest neighbours of the new
    // lattice, s1 s3 diagonal. For each configuration, the brute-force sum over the removed spin s0.
    private static IEnumerable<(int[] S, double LogSum)> BruteForce(double coupling)
    {
        for (var code = 0; code < 16; code++)
        {
            var s = Enumerable.Range(0, 4).Select(a => ((code >> a) & 1) == 1 ? 1 : -1).ToArray();
            var sum = 0.0;
            foreach (var s0 in new[] { -1, 1 }) sum += Math.Exp(coupling * s0 * s.Sum());
            yield return (s, Math.Log(sum));
        }
    }

    [Theory]
    [MemberData(nameof(Couplings))]
    public void Couplings_AreTheProjectionsOfTheBruteForceSums(double coupling)
    {
        // The functions 1, Σ_nn s_a s_b, Σ_nnn s_a s_b, s1 s2 s3 s4 are orthogonal over the 16 configurations, so each
        // coefficient is ⟨y φ⟩ / ⟨φ²⟩ — a computation that shares nothing with the library's linear solve.
        double Project(Func<int[], double> basis) =>
            BruteForce(coupling).Sum(c => c.LogSum * basis(c.S)) / BruteForce(coupling).Sum(c => basis(c.S) * basis(c.S));
        var nearest = Project(s => s[0] * s[1] + s[1] * s[2] + s[2] * s[3] + s[3] * s[0]);
        var diagonal = Project(s => s[0] * s[2] + s[1] * s[3]);
        var quartic = Project(s => s[0] * s[1] * s[2] * s[3]);
        var constant = Project(_ => 1);

        var step = SquareLatticeDecimation.Decimate(coupling);
        Assert.Equal(2 * nearest, step.NearestNeighbour, CouplingTol);   // each new bond borders two removed spins
        Assert.Equal(diagonal, step.NextNearestNeighbour, CouplingTol);
        Assert.Equal(quartic, step.Quartic, CouplingTol);
        Assert.Equal(constant, step.Constant, CouplingTol);
    }

    [Theory]
    [MemberData(nameof(Couplings))]
    public void Couplings_MatchTheHandDerivedClosedForms(double coupling)
    {
        // From the configurations with Σ s = 4, 2 and 0 (two kinds): K' = ¼ ln cosh 4K, L' = ⅛ ln cosh 4K,
        // M' = ⅛ ln cosh 4K − ½ ln cosh 2K.
        var step = SquareLatticeDecimation.Decimate(coupling);
        var (c4, c2) = (Math.Log(Math.Cosh(4 * coupling)), Math.Log(Math.Cosh(2 * coupling)));
        Assert.Equal(c4 / 4, step.NearestNeighbour, CouplingTol);
        Assert.Equal(c4 / 8, step.NextNearestNeighbour, CouplingTol);
        Assert.Equal(c4 / 8 - c2 / 2, step.Quartic, CouplingTol);
    }

    [Theory]
    [MemberData(nameof(Couplings))]
    public void FittedExponent_ReproducesEverySum(double coupling)
    {
        var step = SquareLatticeDecimation.Decimate(coupling);
        foreach (var (s, logSum) in BruteForce(coupling))
        {
            var nearest = s[0] * s[1] + s[1] * s[2] + s[2] * s[3] + s[3] * s[0];
            var fitted = step.Constant + step.NearestNeighbour / 2 * nearest + step.NextNearestNeighbour * (s[0] * s[2] + s[1] * s[3])
                + step.Quartic * s[0] * s[1] * s[2] * s[3];
            Assert.Equal(logSum, fitted, CouplingTol);
        }
        Assert.True(step.FitResidual <= CouplingTol);
    }

    [Fact]
    public void TruncatedMap_IsTheLowestOrderOfTheExactStep()
    {
        // ln cosh x = x²/2 − x⁴/12 + …, so ¼ ln cosh 4K = 2K² − (16/3)K⁴ + … and ⅛ ln cosh 4K = K² − (8/3)K⁴ + …:
        // at K = 0.01 the truncation is off by those K⁴ terms (the K⁶ terms are 1e-4 of them).
        const double k = 0.01;
        var step = SquareLatticeDecimation.Decimate(k);
        var truncated = TruncatedSquareLatticeFlow.Map.Apply([k, 0.0]);
        Assert.Equal(truncated[0] - 16.0 / 3 * Math.Pow(k, 4), step.NearestNeighbour, Math.Pow(k, 6) * 100);
        Assert.Equal(truncated[1] - 8.0 / 3 * Math.Pow(k, 4), step.NextNearestNeighbour, Math.Pow(k, 6) * 100);
    }
}
