using System.Globalization;
using NeuroThermo.Physics;
using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Exact;
using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>One weighted, undirected edge of a <see cref="MaxCutProblem"/>.</summary>
public readonly record struct WeightedEdge(int I, int J, double Weight);

/// <summary>
/// Weighted MaxCut: split the vertices of a graph into two sides so that the total weight of the edges between the
/// sides is as large as possible. With s_i = ±1 marking the side of vertex i, an edge is cut when s_i s_j = −1, so
/// cut(s) = Σ_(ij) w_ij (1 − s_i s_j)/2 = (W − Σ_(ij) w_ij s_i s_j)/2, W = Σ w_ij; maximising the cut is minimising the
/// Ising energy E(s) = Σ_(ij) w_ij s_i s_j, an Edwards–Anderson model on the graph with couplings J_ij = −w_ij.
/// Hence cut(s) = (W − E(s))/2 and the maximum cut is (W − E₀)/2.
/// </summary>
public sealed class MaxCutProblem
{
    /// <summary>Largest graph <see cref="ExactMaximumCut"/> enumerates (2^24 ≈ 17 M configurations, seconds).</summary>
    public const int MaxExactVertices = 24;

    private readonly WeightedEdge[] _edges;

    /// <summary>A problem on <paramref name="vertices"/> vertices with the given edges (no self-loops, no repeated pairs, finite weights).</summary>
    public MaxCutProblem(int vertices, IEnumerable<WeightedEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (vertices < 1) throw new ArgumentOutOfRangeException(nameof(vertices), vertices, "A MaxCut graph needs at least one vertex.");
        _edges = edges.ToArray();
        var seen = new HashSet<(int, int)>();
        foreach (var (i, j, w) in _edges)
        {
            if (i < 0 || i >= vertices || j < 0 || j >= vertices)
                throw new ArgumentOutOfRangeException(nameof(edges), $"Edge ({i}, {j}) names a vertex outside 0…{vertices - 1}.");
            if (i == j) throw new ArgumentException($"Edge ({i}, {i}) is a self-loop, which no cut can cut.", nameof(edges));
            if (!double.IsFinite(w)) throw new ArgumentException($"Edge ({i}, {j}) has weight {w}; weights must be finite.", nameof(edges));
            if (!seen.Add((Math.Min(i, j), Math.Max(i, j)))) throw new ArgumentException($"Edge ({i}, {j}) appears twice.", nameof(edges));
        }
        VertexCount = vertices;
    }

    /// <summary>Number of vertices N.</summary>
    public int VertexCount { get; }

    /// <summary>The edges, as given.</summary>
    public IReadOnlyList<WeightedEdge> Edges => _edges;

    /// <summary>W = Σ w_ij, the cut value if every edge were cut.</summary>
    public double TotalWeight => _edges.Sum(e => e.Weight);

    /// <summary>
    /// The Ising energy whose minimum is the maximum cut: an <see cref="EdwardsAndersonModel"/> on the graph with
    /// J_ij = −w_ij and no field, so E(s) = Σ w_ij s_i s_j and cut(s) = (W − E(s))/2. The caller disposes it.
    /// </summary>
    public EdwardsAndersonModel ToIsing()
    {
        var lattice = Lattice.FromBonds(VertexCount, _edges.Select(e => (e.I, e.J)));
        return new EdwardsAndersonModel(lattice, _edges.Select(e => -e.Weight).ToArray());
    }

    /// <summary>The cut value of each row of <paramref name="spins"/> (B, N) of ±1: (B) float64.</summary>
    public Tensor CutValues(Tensor spins)
    {
        SpinConfigurations.CheckBatch(spins, VertexCount);
        using var scope = torch.NewDisposeScope();
        var first = torch.tensor(_edges.Select(e => (long)e.I).ToArray());
        var second = torch.tensor(_edges.Select(e => (long)e.J).ToArray());
        var weights = torch.tensor(_edges.Select(e => e.Weight).ToArray());
        var products = spins.index_select(1, first) * spins.index_select(1, second);   // (B, E): s_i s_j
        return (Guarded.matmul((1 - products), weights) * 0.5).MoveToOuterDisposeScope();        // Σ w (1 − s_i s_j)/2
    }

    /// <summary>The cut value of one configuration (N values of ±1).</summary>
    public double CutValue(IReadOnlyList<double> spins)
    {
        ArgumentNullException.ThrowIfNull(spins);
        if (spins.Count != VertexCount) throw new ArgumentException($"A configuration has {VertexCount} spins, not {spins.Count}.", nameof(spins));
        return _edges.Where(e => spins[e.I] != spins[e.J]).Sum(e => e.Weight);
    }

    /// <summary>The exact maximum cut, (W − E₀)/2 with E₀ found by enumerating all 2^N configurations (N ≤ <see cref="MaxExactVertices"/>).</summary>
    public double ExactMaximumCut()
    {
        if (VertexCount > MaxExactVertices)
            throw new ArgumentOutOfRangeException(nameof(VertexCount), VertexCount,
                $"Exact MaxCut enumerates 2^N configurations and is limited to {MaxExactVertices} vertices; this graph has {VertexCount}. Use simulated annealing.");
        using var model = ToIsing();
        using var enumeration = new ExactEnumeration(model);
        return (TotalWeight - enumeration.GroundStates(maxListed: 0).Energy) / 2;
    }

    /// <summary>
    /// An Erdős–Rényi graph G(N, p): each of the N(N − 1)/2 pairs is an edge with probability <paramref name="edgeProbability"/>,
    /// with a weight uniform in [<paramref name="minimumWeight"/>, <paramref name="maximumWeight"/>], all drawn from
    /// <paramref name="generator"/>.
    /// </summary>
    public static MaxCutProblem Random(int vertices, double edgeProbability, Generator generator, double minimumWeight = 1, double maximumWeight = 1)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (vertices < 1) throw new ArgumentOutOfRangeException(nameof(vertices), vertices, "A MaxCut graph needs at least one vertex.");
        if (!(edgeProbability >= 0 && edgeProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(edgeProbability), edgeProbability, "The edge probability must lie in [0, 1].");
        if (!double.IsFinite(minimumWeight) || !double.IsFinite(maximumWeight) || maximumWeight < minimumWeight)
            throw new ArgumentOutOfRangeException(nameof(maximumWeight), maximumWeight, "The weight range must be finite with maximum ≥ minimum.");
        var pairs = vertices * (vertices - 1) / 2;
        using var scope = torch.NewDisposeScope();
        var draws = torch.rand([Math.Max(pairs, 1)], torch.float64, generator: generator).ToArray<double>();
        var weights = torch.rand([Math.Max(pairs, 1)], torch.float64, generator: generator).ToArray<double>();
        var edges = new List<WeightedEdge>();
        var k = 0;
        for (var i = 0; i < vertices; i++)
        {
            for (var j = i + 1; j < vertices; j++, k++)
            {
                if (draws[k] < edgeProbability) edges.Add(new WeightedEdge(i, j, minimumWeight + (maximumWeight - minimumWeight) * weights[k]));
            }
        }
        return new MaxCutProblem(vertices, edges);
    }

    /// <summary>
    /// Reads a weighted edge list: one edge per line as "i j w" (0-based vertex numbers, w a real weight; "i j" alone
    /// means w = 1), blank lines and lines starting with '#' ignored, and an optional first data line "vertices N" for
    /// graphs whose last vertices have no edges (otherwise N is the largest vertex number + 1).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is malformed; the message is one sentence naming the file and the line.</exception>
    public static MaxCutProblem Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Edge-list file {path} does not exist.", path);
        int? declared = null;
        var edges = new List<WeightedEdge>();
        var seen = new Dictionary<(int, int), int>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields[0] == "vertices")
            {
                if (declared is not null || edges.Count > 0)
                    throw Bad(path, lineNumber, "'vertices N' must come once, before the first edge");
                if (fields.Length != 2 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                    throw Bad(path, lineNumber, $"expected 'vertices N' with N a positive integer, got '{line}'");
                declared = n;
                continue;
            }
            if (fields.Length is < 2 or > 3)
                throw Bad(path, lineNumber, $"expected an edge 'i j w' (two vertex numbers and a weight), got '{line}'");
            if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ||
                !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var j))
                throw Bad(path, lineNumber, $"expected two non-negative integer vertex numbers, got '{fields[0]}' and '{fields[1]}'");
            var weight = 1.0;
            if (fields.Length == 3 && (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !double.IsFinite(weight)))
                throw Bad(path, lineNumber, $"expected a finite real weight, got '{fields[2]}'");
            if (i == j) throw Bad(path, lineNumber, $"edge ({i}, {j}) is a self-loop, which no cut can cut");
            if (declared is { } count && (i >= count || j >= count))
                throw Bad(path, lineNumber, $"edge ({i}, {j}) names a vertex outside 0…{count - 1} declared by 'vertices {count}'");
            if (seen.TryGetValue((Math.Min(i, j), Math.Max(i, j)), out var first))
                throw Bad(path, lineNumber, $"edge ({i}, {j}) repeats the edge of line {first}");
            seen[(Math.Min(i, j), Math.Max(i, j))] = lineNumber;
            edges.Add(new WeightedEdge(i, j, weight));
        }
        if (edges.Count == 0 && declared is null)
            throw new FormatException($"Edge-list file {path} has no edges and no 'vertices N' line.");
        return new MaxCutProblem(declared ?? edges.Max(e => Math.Max(e.I, e.J)) + 1, edges);
    }

    private static FormatException Bad(string path, int line, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Edge-list file {path}, line {line}: {problem}."));
}
