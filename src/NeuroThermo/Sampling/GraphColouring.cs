namespace NeuroThermo.Sampling;

/// <summary>
/// Proper vertex colourings (no edge joins two sites of one colour), for checkerboard updates: spins of one colour do
/// not interact, so flipping any of them leaves the others' local fields unchanged and all of them can be updated at
/// once without breaking detailed balance.
/// </summary>
public static class GraphColouring
{
    /// <summary>
    /// A colouring of the graph given by <paramref name="neighbours"/> (site → adjacent sites, symmetric): two colours
    /// when the graph is bipartite (found by breadth-first search, so a square lattice gets its checkerboard whatever
    /// the site order), otherwise the greedy DSATUR colouring, which uses at most max degree + 1 colours (N on the
    /// complete graph) and three on a 3×3 torus.
    /// </summary>
    public static int[] Colour(IReadOnlyList<IReadOnlyList<int>> neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        return TwoColour(neighbours) ?? Greedy(neighbours);
    }

    /// <summary>True when no edge of the graph joins two sites of the same colour.</summary>
    public static bool IsProper(IReadOnlyList<IReadOnlyList<int>> neighbours, IReadOnlyList<int> colours)
    {
        for (var i = 0; i < neighbours.Count; i++)
        {
            if (neighbours[i].Any(j => colours[j] == colours[i])) return false;
        }
        return true;
    }

    private static int[]? TwoColour(IReadOnlyList<IReadOnlyList<int>> neighbours)
    {
        var n = neighbours.Count;
        var colours = Enumerable.Repeat(-1, n).ToArray();
        var queue = new Queue<int>();
        for (var start = 0; start < n; start++)
        {
            if (colours[start] >= 0) continue;
            colours[start] = 0;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var i = queue.Dequeue();
                foreach (var j in neighbours[i])
                {
                    if (colours[j] < 0)
                    {
                        colours[j] = 1 - colours[i];
                        queue.Enqueue(j);
                    }
                    else if (colours[j] == colours[i])
                    {
                        return null;   // an odd cycle: not bipartite
                    }
                }
            }
        }
        return colours;
    }

    // DSATUR (Brélaz): repeatedly colour the uncoloured site whose neighbours already use the most distinct colours
    // (ties: more neighbours, then lower index) with the smallest colour free there. Sites that are hardest to colour
    // go first, which on small frustrated lattices usually finds the chromatic number where plain site order does not.
    private static int[] Greedy(IReadOnlyList<IReadOnlyList<int>> neighbours)
    {
        var n = neighbours.Count;
        var colours = Enumerable.Repeat(-1, n).ToArray();
        var seen = Enumerable.Range(0, n).Select(_ => new HashSet<int>()).ToArray();   // colours among each site's neighbours
        for (var step = 0; step < n; step++)
        {
            var next = -1;
            for (var i = 0; i < n; i++)
            {
                if (colours[i] >= 0) continue;
                if (next < 0 || seen[i].Count > seen[next].Count ||
                    (seen[i].Count == seen[next].Count && neighbours[i].Count > neighbours[next].Count))
                    next = i;
            }
            var colour = 0;
            while (seen[next].Contains(colour)) colour++;
            colours[next] = colour;
            foreach (var j in neighbours[next]) seen[j].Add(colour);
        }
        return colours;
    }
}
