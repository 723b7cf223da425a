using NeuroThermo.Renormalization;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Renormalization;

/// <summary>Damped Newton on maps whose fixed points (or their absence) are known by algebra.</summary>
public sealed class FixedPointFinderTests
{
    // Newton converges quadratically; the finder stops at |R(K) − K| ≤ 1e-14, so the point is good to a few ulps.
    private const double FixedPointTol = 1e-13;

    [Fact]
    public void AffineMap_ReachesItsOnlyFixedPoint()
    {
        // K' = 0.5 K + 0.2, L' = 3 L − 0.4: fixed at K = 0.4, L = 0.2 by solving two linear equations.
        var map = new RgMap("affine test map", ["K", "L"], 2, k => torch.stack([k[0] * 0.5 + 0.2, k[1] * 3 - 0.4]));
        var found = FixedPointFinder.Find(map, [5.0, -3.0]);
        Assert.Equal(0.4, found.Couplings[0], FixedPointTol);
        Assert.Equal(0.2, found.Couplings[1], FixedPointTol);
    }

    [Fact]
    public void ChainDecimation_FromAStrongCoupling_IsDampedIntoKStarZero()
    {
        // At K = 2, R'(K) − 1 = tanh 4 − 1 ≈ −7e-4: a full Newton step would jump to K ≈ −2000.
        var found = FixedPointFinder.Find(IsingChainDecimation.Map, [2.0]);
        Assert.Equal(0.0, found.Couplings[0], FixedPointTol);
    }

    [Fact]
    public void MapWithoutARealFixedPoint_FailsWithAMessageNamingMapStartAndReason()
    {
        // K' = K² + K + 1 has R(K) − K = K² + 1 ≥ 1: no real fixed point anywhere.
        var map = new RgMap("K' = K² + K + 1", ["K"], 2, k => k.square() + k + 1);
        var error = Assert.Throws<FixedPointNotFoundException>(() => FixedPointFinder.Find(map, [0.7]));
        Assert.Contains("K' = K² + K + 1", error.Message);
        Assert.Contains("starting from (0.7)", error.Message);
        Assert.Contains("|R(K) − K|", error.Message);
    }

    [Fact]
    public void TranslationMap_ReportsASingularJacobian()
    {
        // K' = K + 1: J − I = 0 everywhere.
        var map = new RgMap("K' = K + 1", ["K"], 2, k => k + 1);
        var error = Assert.Throws<FixedPointNotFoundException>(() => FixedPointFinder.Find(map, [0.0]));
        Assert.Contains("singular", error.Message);
    }

    [Fact]
    public void StartOfTheWrongLength_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => FixedPointFinder.Find(TruncatedSquareLatticeFlow.Map, [0.3]));
    }
}
