namespace NeuroThermo.Reports;

/// <summary>
/// Size checks and pixel rearrangements shared by <see cref="GrayImage"/> and <see cref="RgbImage"/>.
/// Pixels are stored row-major, top row first, with <c>channels</c> interleaved bytes per pixel:
/// byte index <c>(y * width + x) * channels + c</c>.
/// </summary>
internal static class PixelLayout
{
    /// <summary>Number of bytes of a width × height image; throws when a side is not positive or the buffer cannot exist.</summary>
    public static int ByteCount(int width, int height, int channels)
    {
        if (width < 1)
            throw new ArgumentOutOfRangeException(nameof(width), width, "Image width must be at least 1 pixel.");
        if (height < 1)
            throw new ArgumentOutOfRangeException(nameof(height), height, "Image height must be at least 1 pixel.");
        long count = (long)width * height * channels;
        if (count > Array.MaxLength)
            throw new ArgumentOutOfRangeException(
                nameof(width), width, $"A {width} × {height} image with {channels} channel(s) needs {count} bytes, more than an array can hold.");
        return (int)count;
    }

    /// <summary>Checks that a caller's buffer holds exactly one width × height image.</summary>
    public static void CheckBufferLength(int width, int height, int channels, int length, string paramName)
    {
        int expected = ByteCount(width, height, channels);
        if (length != expected)
            throw new ArgumentOutOfRangeException(
                paramName, length, $"Expected {expected} values ({width} × {height} pixels × {channels} channel(s)), got {length}.");
    }

    /// <summary>Nearest-neighbour upscaling: every source pixel becomes a factor × factor block.</summary>
    public static byte[] Upscale(ReadOnlySpan<byte> source, int width, int height, int channels, int factor)
    {
        if (factor < 1)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Upscaling factor must be at least 1.");
        int outWidth = checked(width * factor);
        int outHeight = checked(height * factor);
        var result = new byte[ByteCount(outWidth, outHeight, channels)];
        int sourceRow = width * channels;
        int outRow = outWidth * channels;
        for (int y = 0; y < height; y++)
        {
            // Widen one source row once, then copy it to the factor output rows it covers.
            Span<byte> firstOutRow = result.AsSpan(y * factor * outRow, outRow);
            ReadOnlySpan<byte> row = source.Slice(y * sourceRow, sourceRow);
            for (int x = 0; x < width; x++)
            {
                ReadOnlySpan<byte> pixel = row.Slice(x * channels, channels);
                for (int k = 0; k < factor; k++)
                    pixel.CopyTo(firstOutRow.Slice((x * factor + k) * channels, channels));
            }
            for (int k = 1; k < factor; k++)
                firstOutRow.CopyTo(result.AsSpan((y * factor + k) * outRow, outRow));
        }
        return result;
    }

    /// <summary>
    /// Lays equally sized images out in rows of <paramref name="columns"/>, with
    /// <paramref name="padding"/> pixels of <paramref name="paddingPixel"/> around and between them.
    /// Cells of an incomplete last row are filled with padding.
    /// </summary>
    public static (byte[] Pixels, int Width, int Height) Tile(
        IReadOnlyList<byte[]> images, int width, int height, int channels,
        int columns, int padding, ReadOnlySpan<byte> paddingPixel)
    {
        int rows = (images.Count + columns - 1) / columns;
        int gridWidth = checked(columns * width + (columns + 1) * padding);
        int gridHeight = checked(rows * height + (rows + 1) * padding);
        var grid = new byte[ByteCount(gridWidth, gridHeight, channels)];
        for (int i = 0; i < grid.Length; i += channels)
            paddingPixel.CopyTo(grid.AsSpan(i, channels));

        int imageRow = width * channels;
        int gridRow = gridWidth * channels;
        for (int index = 0; index < images.Count; index++)
        {
            int left = padding + index % columns * (width + padding);
            int top = padding + index / columns * (height + padding);
            for (int y = 0; y < height; y++)
                images[index].AsSpan(y * imageRow, imageRow)
                    .CopyTo(grid.AsSpan((top + y) * gridRow + left * channels, imageRow));
        }
        return (grid, gridWidth, gridHeight);
    }
}
