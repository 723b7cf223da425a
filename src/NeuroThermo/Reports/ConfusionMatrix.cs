using System.Globalization;
using System.Text;

namespace NeuroThermo.Reports;

/// <summary>
/// Counts of (true class, predicted class) pairs of a classifier, with a heat map and a CSV rendering.
/// Row i holds the examples whose true class is i; column j those predicted as j.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] counts;

    /// <summary>Counts the pairs of <paramref name="truth"/> and <paramref name="predicted"/>, classes 0 … <paramref name="classes"/> − 1.</summary>
    public ConfusionMatrix(ReadOnlySpan<long> truth, ReadOnlySpan<long> predicted, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"{truth.Length} true classes but {predicted.Length} predictions.", nameof(predicted));
        counts = new long[classes, classes];
        for (int i = 0; i < truth.Length; i++)
        {
            if ((ulong)truth[i] >= (ulong)classes || (ulong)predicted[i] >= (ulong)classes)
                throw new ArgumentOutOfRangeException(nameof(truth), $"pair {i} ({truth[i]}, {predicted[i]}) lies outside classes 0 to {classes - 1}.");
            counts[truth[i], predicted[i]]++;
        }
    }

    /// <summary>Number of classes.</summary>
    public int Classes => counts.GetLength(0);

    /// <summary>Examples of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => counts[truth, predicted];

    /// <summary>
    /// A heat map of the row-normalized matrix (the share of each true class given each prediction), white for 0
    /// and dark blue for 1, each cell <paramref name="cellSize"/> pixels square with a 1-pixel grey grid.
    /// </summary>
    public RgbImage ToHeatMap(int cellSize = 24)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 2);
        int k = Classes, side = k * cellSize + 1;
        var pixels = new byte[side * side * 3];
        Array.Fill(pixels, (byte)160); // the grid lines
        for (int i = 0; i < k; i++)
        {
            long rowTotal = 0;
            for (int j = 0; j < k; j++) rowTotal += counts[i, j];
            for (int j = 0; j < k; j++)
            {
                double share = rowTotal == 0 ? 0 : (double)counts[i, j] / rowTotal;
                var colour = Shade(share);
                for (int y = i * cellSize + 1; y < (i + 1) * cellSize; y++)
                for (int x = j * cellSize + 1; x < (j + 1) * cellSize; x++)
                {
                    int p = 3 * (y * side + x);
                    pixels[p] = colour.R;
                    pixels[p + 1] = colour.G;
                    pixels[p + 2] = colour.B;
                }
            }
        }
        return new RgbImage(side, side, pixels);
    }

    /// <summary>The counts as CSV: a header "true\predicted,0,1,…", then one row per true class.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("true\\predicted");
        for (int j = 0; j < Classes; j++) csv.Append(CultureInfo.InvariantCulture, $",{j}");
        csv.Append('\n');
        for (int i = 0; i < Classes; i++)
        {
            csv.Append(i.ToString(CultureInfo.InvariantCulture));
            for (int j = 0; j < Classes; j++) csv.Append(CultureInfo.InvariantCulture, $",{counts[i, j]}");
            csv.Append('\n');
        }
        return csv.ToString();
    }

    // Linear from white (0) to dark blue (8, 48, 107) at 1; a square root lifts the small off-diagonal shares into view.
    private static Rgb Shade(double share)
    {
        double t = Math.Sqrt(share);
        return new Rgb(Mix(255, 8, t), Mix(255, 48, t), Mix(255, 107, t));
    }

    private static byte Mix(byte from, byte to, double t) => (byte)Math.Round(from + (to - from) * t);
}
