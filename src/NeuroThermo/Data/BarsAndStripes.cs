using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>
/// The bars-and-stripes patterns (MacKay; Hinton and Sejnowski's test bed for Boltzmann machines) on an L × L grid of
/// ±1 pixels: every choice of which rows are on (a "bars" image: 2^L) and every choice of which columns are on (a
/// "stripes" image: 2^L). All-off and all-on are both, so there are 2^{L+1} − 2 distinct patterns: 30 for L = 4.
/// Pixel (r, c) is unit r·L + c.
/// </summary>
public static class BarsAndStripes
{
    /// <summary>Largest side: 2^{L+1} − 2 patterns of L² units stay small and enumerable up to here.</summary>
    public const int MaxSide = 4;

    /// <summary>The distinct patterns as float64 ±1 rows, (2^{L+1} − 2, L²), bars first, without repeats.</summary>
    public static Tensor Patterns(int side)
    {
        if (side < 2 || side > MaxSide) throw new ArgumentOutOfRangeException(nameof(side), side, $"Bars and stripes needs a side of 2 to {MaxSide}.");
        var units = side * side;
        var rows = new List<double[]>();
        var seen = new HashSet<string>();
        foreach (var stripes in new[] { false, true })
        {
            for (var mask = 0; mask < 1 << side; mask++)
            {
                var pattern = new double[units];
                for (var r = 0; r < side; r++)
                {
                    for (var c = 0; c < side; c++)
                    {
                        var line = stripes ? c : r;
                        pattern[r * side + c] = ((mask >> line) & 1) == 1 ? 1 : -1;
                    }
                }
                if (seen.Add(string.Join(",", pattern))) rows.Add(pattern);
            }
        }
        return torch.tensor(rows.SelectMany(p => p).ToArray(), [rows.Count, units]);
    }
}
