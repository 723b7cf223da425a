using NeuroThermo.Physics.Lattices;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

public sealed class LatticeTests
{
    [Theory]
    [InlineData(Boundary.Periodic, 6, 6)]
    [InlineData(Boundary.Open, 6, 5)]
    [InlineData(Boundary.Periodic, 2, 2)]   // a ring of two: the bond twice, as Tr T² counts it
    public void Chain_HasOneBondPerNeighbourPair(Boundary boundary, int length, int bonds)
    {
        var chain = Lattice.Chain(length, boundary);
        Assert.Equal(length, chain.SiteCount);
        Assert.Equal(bonds, chain.BondCount);
        Assert.Equal(Enumerable.Range(0, bonds).Select(i => (i, (i + 1) % length)), chain.Bonds);
    }

    [Fact]
    public void Square_NumbersSitesRowByRow_AndListsBondsSiteBySite()
    {
        var square = Lattice.Square(3, 2, Boundary.Open);
        Assert.Equal(6, square.SiteCount);
        Assert.Equal([(0, 1), (0, 3), (1, 2), (1, 4), (2, 5), (3, 4), (4, 5)], square.Bonds.ToArray());
        var torus = Lattice.Square(3, 3, Boundary.Periodic);
        Assert.Equal(18, torus.BondCount);
        Assert.Contains((2, 0), torus.Bonds);   // wraps in x
        Assert.Contains((6, 0), torus.Bonds);   // wraps in y
    }

    [Fact]
    public void Cubic_EverySiteHasDegreeTwoD_WhenPeriodic()
    {
        var cube = Lattice.Cubic([3, 4, 5], Boundary.Periodic);
        Assert.Equal(60, cube.SiteCount);
        Assert.Equal(180, cube.BondCount);
        var degree = new int[60];
        foreach (var (i, j) in cube.Bonds)
        {
            degree[i]++;
            degree[j]++;
        }
        Assert.All(degree, d => Assert.Equal(6, d));
        var open = Lattice.Cubic([2, 2, 2], Boundary.Open);
        Assert.Equal(12, open.BondCount);   // the edges of a cube
    }

    [Fact]
    public void Complete_HasEveryPairOnce()
    {
        var complete = Lattice.Complete(6);
        Assert.Equal(15, complete.BondCount);
        Assert.Equal(15, complete.Bonds.Distinct().Count());
    }

    [Fact]
    public void AdjacencyMatrix_CountsBondsBetweenEachPair()
    {
        using var adjacency = Lattice.Chain(2, Boundary.Periodic).AdjacencyMatrix();
        Assert.Equal([0.0, 2, 2, 0], adjacency.ToArray<double>());
    }

    [Fact]
    public void BadGeometry_IsRejectedWithTheReason()
    {
        var selfBond = Assert.Throws<ArgumentOutOfRangeException>(() => Lattice.Chain(1, Boundary.Periodic));
        Assert.Contains("itself", selfBond.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Lattice.Square(0, 3, Boundary.Open));
        Assert.Throws<ArgumentException>("bonds", () => Lattice.FromBonds(3, [(1, 1)]));
        Assert.Throws<ArgumentOutOfRangeException>("bonds", () => Lattice.FromBonds(3, [(0, 3)]));
        Assert.Throws<ArgumentException>("sides", () => Lattice.Cubic([], Boundary.Open));
    }
}
