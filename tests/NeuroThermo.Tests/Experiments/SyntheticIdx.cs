using System.Buffers.Binary;

namespace NeuroThermo.Tests.Experiments;

/// <summary>
/// Writes a small IDX image/label pair: each class is a fixed random 8×8 pattern, every image its class's pattern
/// plus pixel noise, so a classifier can learn it in seconds; or, with <c>randomLabels</c>, labels that have nothing
/// to do with the images, which a classifier can only memorize.
/// </summary>
internal static class SyntheticIdx
{
    public const int Side = 8;

    /// <summary>Writes images and labels files into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Images, string Labels) Write(string directory, string prefix, int count, int classes, int seed, bool randomLabels = false)
    {
        var patterns = new Random(1);
        var prototypes = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, Side * Side).Select(_ => patterns.NextDouble()).ToArray()).ToArray();
        var random = new Random(seed);
        var pixels = new byte[count * Side * Side];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = random.Next(classes);
            int shown = randomLabels ? random.Next(classes) : label;
            labels[i] = (byte)shown;
            for (int p = 0; p < Side * Side; p++)
                pixels[i * Side * Side + p] = (byte)Math.Clamp(255 * (prototypes[label][p] + 0.35 * (random.NextDouble() - 0.5)), 0, 255);
        }
        string images = Path.Combine(directory, $"{prefix}-images.idx");
        string labelsPath = Path.Combine(directory, $"{prefix}-labels.idx");
        File.WriteAllBytes(images, Idx([count, Side, Side], pixels));
        File.WriteAllBytes(labelsPath, Idx([count], labels));
        return (images, labelsPath);
    }

    private static byte[] Idx(int[] shape, byte[] data)
    {
        var file = new byte[4 + 4 * shape.Length + data.Length];
        file[2] = 0x08;
        file[3] = (byte)shape.Length;
        for (int d = 0; d < shape.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 + 4 * d), shape[d]);
        data.CopyTo(file, 4 + 4 * shape.Length);
        return file;
    }
}
