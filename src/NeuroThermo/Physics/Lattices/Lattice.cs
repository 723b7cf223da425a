using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Physics.Lattices;

/// <summary>How a lattice treats its edges: wrapped around (a torus) or cut off.</summary>
public enum Boundary
{
    /// <summary>The last site of each line bonds to the first (a ring, a torus).</summary>
    Periodic,

    /// <summary>The last site of each line has no neighbour beyond it.</summary>
    Open,
}

/// <summary>What family a <see cref="Lattice"/> belongs to, so that exact methods beyond enumeration can be suggested.</summary>
public enum LatticeKind
{
    Chain,
    Square,
    Cubic,
    Complete,
    Custom,
}

/// <summary>
/// N sites and a list of bonds between pairs of them: the graph an Ising or Edwards–Anderson energy sums over.
/// </summary>
/// <remarks>
/// Bonds form a multiset. A periodic side of length 2 bonds its two sites twice (once each way round the
/// ring), exactly as a transfer matrix counts them, so that Z on a ring of two spins is Tr T².
/// A periodic side of length 1 would bond a site to itself and is rejected.
/// Sites of a d-dimensional lattice are numbered x₀ + L₀(x₁ + L₁(x₂ + …)), the first coordinate
/// fastest; for a square lattice of width W that is site x + W·y, so that a row y is a contiguous block.
/// Bonds are listed site by site, and for each site along +x₀, +x₁, …, the order explicit bond values
/// (Edwards–Anderson) follow.
/// </remarks>
public sealed class Lattice
{
    private readonly int[] _first;
    private readonly int[] _second;

    private Lattice(LatticeKind kind, int[] sides, int siteCount, int[] first, int[] second, string description)
    {
        Kind = kind;
        Sides = sides;
        SiteCount = siteCount;
        _first = first;
        _second = second;
        Description = description;
    }

    /// <summary>Chain, square, cubic, complete graph or custom edge list.</summary>
    public LatticeKind Kind { get; }

    /// <summary>Side lengths of a chain, square or cubic lattice ([N] for the complete graph and edge lists).</summary>
    public IReadOnlyList<int> Sides { get; }

    /// <summary>Number of sites N.</summary>
    public int SiteCount { get; }

    /// <summary>Number of bonds (with multiplicity).</summary>
    public int BondCount => _first.Length;

    /// <summary>A short human description such as "4×4 square lattice, periodic".</summary>
    public string Description { get; }

    /// <summary>The boundary condition of a chain, square or cubic lattice; null for the complete graph and edge lists.</summary>
    public Boundary? UniformBoundary { get; private init; }

    /// <summary>The bonds as (i, j) pairs, in the documented order.</summary>
    public IEnumerable<(int I, int J)> Bonds => _first.Zip(_second);

    /// <summary>A 1D chain of <paramref name="length"/> sites.</summary>
    public static Lattice Chain(int length, Boundary boundary) =>
        Hypercubic(LatticeKind.Chain, [length], boundary, $"chain of {length} sites");

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> square lattice with one boundary condition for both directions.</summary>
    public static Lattice Square(int width, int height, Boundary boundary) =>
        Hypercubic(LatticeKind.Square, [width, height], boundary, $"{width}×{height} square lattice");

    /// <summary>A d-dimensional hypercubic lattice with the given side lengths (d = sides.Length ≥ 1).</summary>
    public static Lattice Cubic(IReadOnlyList<int> sides, Boundary boundary)
    {
        ArgumentNullException.ThrowIfNull(sides);
        if (sides.Count == 0) throw new ArgumentException("A cubic lattice needs at least one side length.", nameof(sides));
        return Hypercubic(LatticeKind.Cubic, sides.ToArray(), boundary, $"{string.Join("×", sides)} cubic lattice");
    }

    /// <summary>The complete graph on <paramref name="sites"/> sites: every pair bonded once (i &lt; j).</summary>
    public static Lattice Complete(int sites)
    {
        if (sites < 1) throw new ArgumentOutOfRangeException(nameof(sites), sites, "A lattice needs at least one site.");
        var first = new List<int>();
        var second = new List<int>();
        for (var i = 0; i < sites; i++)
        {
            for (var j = i + 1; j < sites; j++)
            {
                first.Add(i);
                second.Add(j);
            }
        }
        return new Lattice(LatticeKind.Complete, [sites], sites, first.ToArray(), second.ToArray(), $"complete graph on {sites} sites");
    }

    /// <summary>An arbitrary graph: <paramref name="sites"/> sites and the listed bonds (repeats allowed, self-bonds not).</summary>
    public static Lattice FromBonds(int sites, IEnumerable<(int I, int J)> bonds)
    {
        ArgumentNullException.ThrowIfNull(bonds);
        if (sites < 1) throw new ArgumentOutOfRangeException(nameof(sites), sites, "A lattice needs at least one site.");
        var list = bonds.ToList();
        foreach (var (i, j) in list)
        {
            if (i < 0 || i >= sites || j < 0 || j >= sites)
                throw new ArgumentOutOfRangeException(nameof(bonds), $"Bond ({i}, {j}) names a site outside 0…{sites - 1}.");
            if (i == j) throw new ArgumentException($"Bond ({i}, {i}) joins a site to itself; s_i² = 1 makes it a constant.", nameof(bonds));
        }
        return new Lattice(LatticeKind.Custom, [sites], sites, list.Select(b => b.I).ToArray(), list.Select(b => b.J).ToArray(),
            $"graph of {sites} sites and {list.Count} bonds");
    }

    /// <summary>First site of every bond, as an int64 tensor (E).</summary>
    public Tensor FirstSites() => torch.tensor(_first.Select(i => (long)i).ToArray());

    /// <summary>Second site of every bond, as an int64 tensor (E).</summary>
    public Tensor SecondSites() => torch.tensor(_second.Select(i => (long)i).ToArray());

    /// <summary>
    /// The (N, N) float64 matrix A with A_ij = number of bonds between i and j (symmetric, zero diagonal), so that
    /// Σ_bonds s_i s_j = ½ sᵀ A s. Dense: meant for the small systems exact methods handle.
    /// </summary>
    public Tensor AdjacencyMatrix()
    {
        var a = new double[SiteCount * SiteCount];
        for (var b = 0; b < _first.Length; b++)
        {
            a[_first[b] * SiteCount + _second[b]] += 1;
            a[_second[b] * SiteCount + _first[b]] += 1;
        }
        return torch.tensor(a, [SiteCount, SiteCount]);
    }

    /// <summary>
    /// The (E, N) float64 incidence matrices P and Q with P[e, first(e)] = 1 and Q[e, second(e)] = 1, so that a
    /// per-bond coupling vector b gives the dense coupling matrix Pᵀ diag(b) Q + Qᵀ diag(b) P.
    /// </summary>
    public (Tensor First, Tensor Second) IncidenceMatrices()
    {
        var p = new double[_first.Length * SiteCount];
        var q = new double[_first.Length * SiteCount];
        for (var b = 0; b < _first.Length; b++)
        {
            p[b * SiteCount + _first[b]] = 1;
            q[b * SiteCount + _second[b]] = 1;
        }
        return (torch.tensor(p, [_first.Length, SiteCount]), torch.tensor(q, [_first.Length, SiteCount]));
    }

    private static Lattice Hypercubic(LatticeKind kind, int[] sides, Boundary boundary, string description)
    {
        if (!Enum.IsDefined(boundary)) throw new ArgumentOutOfRangeException(nameof(boundary), boundary, "Unknown boundary condition.");
        long count = 1;
        foreach (var side in sides)
        {
            if (side < 1) throw new ArgumentOutOfRangeException(nameof(sides), side, "Every side of a lattice needs at least one site.");
            if (boundary == Boundary.Periodic && side == 1)
                throw new ArgumentOutOfRangeException(nameof(sides), side, "A periodic side of length 1 would bond a site to itself; use Boundary.Open or a side of at least 2.");
            count *= side;
            if (count > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(sides), "The lattice has more than 2³¹ − 1 sites.");
        }
        var sites = (int)count;
        var first = new List<int>();
        var second = new List<int>();
        var coordinates = new int[sides.Length];
        for (var site = 0; site < sites; site++)
        {
            var stride = 1;
            for (var d = 0; d < sides.Length; d++)
            {
                var x = coordinates[d];
                if (x + 1 < sides[d]) Add(site, site + stride);
                else if (boundary == Boundary.Periodic) Add(site, site - x * stride);
                stride *= sides[d];
            }
            Increment(coordinates, sides);
        }
        var suffix = boundary == Boundary.Periodic ? "periodic" : "open";
        return new Lattice(kind, sides, sites, first.ToArray(), second.ToArray(), $"{description}, {suffix}")
        {
            UniformBoundary = boundary,
        };

        void Add(int i, int j)
        {
            first.Add(i);
            second.Add(j);
        }
    }

    // Advances x₀ fastest, matching the site numbering.
    private static void Increment(int[] coordinates, int[] sides)
    {
        for (var d = 0; d < sides.Length; d++)
        {
            if (++coordinates[d] < sides[d]) return;
            coordinates[d] = 0;
        }
    }
}
