using NeuroThermo.Physics.Energies;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>
/// The graph of nonzero couplings of a <see cref="SpinEnergy"/>: one weighted edge per interacting pair (i &lt; j, with
/// J_ij summed over repeated bonds), each site's neighbours, the fields h_i, and a proper colouring of the sites.
/// Samplers take from it what the energy's own tensor views do not give cheaply: the field of one spin, the bonds a
/// cluster grows along, and colour classes of mutually non-interacting spins that can be updated together.
/// </summary>
/// <remarks>
/// Lattice energies (<see cref="IsingModel"/>, <see cref="EdwardsAndersonModel"/>) are read from their bond lists, so
/// a large lattice never builds its N × N coupling matrix; every other energy is read from
/// <see cref="SpinEnergy.CouplingMatrix"/>. Parameters are copied (detached): a sampler samples the energy as it was
/// when the graph was built.
/// </remarks>
public sealed class InteractionGraph : IDisposable
{
    private readonly int[][] _neighbours;
    private readonly double[][] _weights;
    private readonly Tensor[] _neighbourIndex;    // per site: (deg_i) int64
    private readonly Tensor[] _neighbourWeight;   // per site: (deg_i) float64
    private readonly ColourClass[] _classes;

    private InteractionGraph(int spins, SortedDictionary<(int, int), double> couplings, double[] fields)
    {
        SpinCount = spins;
        Fields = fields;
        var neighbours = Enumerable.Range(0, spins).Select(_ => new List<(int Site, double Weight)>()).ToArray();
        foreach (var ((i, j), w) in couplings)
        {
            if (w == 0) continue;
            neighbours[i].Add((j, w));
            neighbours[j].Add((i, w));
        }
        _neighbours = neighbours.Select(n => n.Select(x => x.Site).ToArray()).ToArray();
        _weights = neighbours.Select(n => n.Select(x => x.Weight).ToArray()).ToArray();
        Edges = couplings.Where(c => c.Value != 0).Select(c => (c.Key.Item1, c.Key.Item2, c.Value)).ToArray();
        _neighbourIndex = _neighbours.Select(n => torch.tensor(n.Select(x => (long)x).ToArray()).DetachFromDisposeScope()).ToArray();
        _neighbourWeight = _weights.Select(w => torch.tensor(w).DetachFromDisposeScope()).ToArray();
        var colours = GraphColouring.Colour(_neighbours);
        Colours = colours;
        ColourCount = colours.Length == 0 ? 0 : colours.Max() + 1;
        _classes = Enumerable.Range(0, ColourCount).Select(c => BuildClass(Enumerable.Range(0, spins).Where(i => colours[i] == c).ToArray())).ToArray();
    }

    /// <summary>N.</summary>
    public int SpinCount { get; }

    /// <summary>The interacting pairs (I &lt; J) with their total coupling J_ij, in increasing (I, J) order.</summary>
    public IReadOnlyList<(int I, int J, double Coupling)> Edges { get; }

    /// <summary>h_i for every site.</summary>
    public IReadOnlyList<double> Fields { get; }

    /// <summary>The colour (0 … <see cref="ColourCount"/> − 1) of every site: no two interacting sites share one.</summary>
    public IReadOnlyList<int> Colours { get; }

    /// <summary>How many colours <see cref="Colours"/> uses: 2 for a bipartite graph, at most max degree + 1 otherwise.</summary>
    public int ColourCount { get; }

    /// <summary>The sites interacting with <paramref name="site"/>.</summary>
    public IReadOnlyList<int> Neighbours(int site) => _neighbours[site];

    /// <summary>The graph of <paramref name="energy"/>'s couplings and fields as they are now.</summary>
    public static InteractionGraph From(SpinEnergy energy)
    {
        ArgumentNullException.ThrowIfNull(energy);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var couplings = new SortedDictionary<(int, int), double>();
        switch (energy)
        {
            case IsingModel ising:
                var coupling = ising.Coupling.ItemAs<double>();
                AddBonds(couplings, ising.Lattice.Bonds, _ => coupling);
                break;
            case EdwardsAndersonModel glass:
                var values = glass.Bonds.detach().to(torch.float64).ToArray<double>();
                AddBonds(couplings, glass.Lattice.Bonds, b => values[b]);
                break;
            default:
                var n = energy.SpinCount;
                var dense = energy.CouplingMatrix().detach().to(torch.float64).contiguous().ToArray<double>();
                for (var i = 0; i < n; i++)
                {
                    for (var j = i + 1; j < n; j++)
                    {
                        if (dense[i * n + j] != 0) couplings[(i, j)] = dense[i * n + j];
                    }
                }
                break;
        }
        var fields = energy.FieldVector().detach().to(torch.float64).ToArray<double>();
        return new InteractionGraph(energy.SpinCount, couplings, fields);
    }

    /// <summary>Σ_j J_ij s_j + h_i for one site of every row of <paramref name="spins"/> (B, N) → (B).</summary>
    internal Tensor SiteField(Tensor spins, int site)
    {
        if (_neighbours[site].Length == 0) return torch.full([spins.size(0)], Fields[site], torch.float64);
        using var scope = torch.NewDisposeScope();
        var field = Guarded.matmul(spins.index_select(1, _neighbourIndex[site]), _neighbourWeight[site]);   // (B, deg) · (deg) -> (B)
        return (field + Fields[site]).MoveToOuterDisposeScope();
    }

    /// <summary>The sites of colour <paramref name="colour"/> as an int64 index tensor (n_c), in increasing order.</summary>
    internal Tensor ClassSites(int colour) => _classes[colour].Sites;

    /// <summary>
    /// Σ_j J_ij s_j + h_i for every site i of colour <paramref name="colour"/> in every row: (B, N) → (B, n_c). One
    /// gather of the class's neighbours (padded to the class's largest degree with weight 0) and one weighted sum, so a
    /// sweep over all colours costs O(B·E) however many colours there are.
    /// </summary>
    internal Tensor ClassField(Tensor spins, int colour)
    {
        var c = _classes[colour];
        var batch = spins.size(0);
        using var scope = torch.NewDisposeScope();
        if (c.Degree == 0) return c.Fields.unsqueeze(0).expand(batch, -1).clone().MoveToOuterDisposeScope();
        var neighbours = spins.index_select(1, c.NeighbourIndex).view(batch, c.Size, c.Degree);   // (B, n_c·d) -> (B, n_c, d)
        var field = (neighbours * c.NeighbourWeight).sum(2) + c.Fields;                            // (B, n_c)
        return field.MoveToOuterDisposeScope();
    }

    private ColourClass BuildClass(int[] sites)
    {
        var degree = sites.Length == 0 ? 0 : sites.Max(i => _neighbours[i].Length);
        var index = new long[sites.Length * degree];
        var weight = new double[sites.Length * degree];
        for (var k = 0; k < sites.Length; k++)
        {
            // Padding points at the site itself with weight 0: any valid index would do.
            for (var d = 0; d < degree; d++)
            {
                var real = d < _neighbours[sites[k]].Length;
                index[k * degree + d] = real ? _neighbours[sites[k]][d] : sites[k];
                weight[k * degree + d] = real ? _weights[sites[k]][d] : 0;
            }
        }
        return new ColourClass(
            torch.tensor(sites.Select(i => (long)i).ToArray()).DetachFromDisposeScope(),
            torch.tensor(index).DetachFromDisposeScope(),
            torch.tensor(weight, [sites.Length, degree]).DetachFromDisposeScope(),
            torch.tensor(sites.Select(i => Fields[i]).ToArray()).DetachFromDisposeScope(),
            sites.Length, degree);
    }

    private static void AddBonds(SortedDictionary<(int, int), double> couplings, IEnumerable<(int I, int J)> bonds, Func<int, double> weight)
    {
        var b = 0;
        foreach (var (i, j) in bonds)
        {
            var key = i < j ? (i, j) : (j, i);
            couplings[key] = couplings.GetValueOrDefault(key) + weight(b);
            b++;
        }
    }

    public void Dispose()
    {
        foreach (var t in _neighbourIndex) t.Dispose();
        foreach (var t in _neighbourWeight) t.Dispose();
        foreach (var c in _classes) c.Dispose();
    }

    // One colour class: its sites (n_c), their neighbours padded to degree d (n_c·d) with weights (n_c, d), and h (n_c).
    private sealed record ColourClass(Tensor Sites, Tensor NeighbourIndex, Tensor NeighbourWeight, Tensor Fields, int Size, int Degree) : IDisposable
    {
        public void Dispose()
        {
            Sites.Dispose();
            NeighbourIndex.Dispose();
            NeighbourWeight.Dispose();
            Fields.Dispose();
        }
    }
}
