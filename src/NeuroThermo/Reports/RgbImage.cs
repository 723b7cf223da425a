using System.Numerics;

namespace NeuroThermo.Reports;

/// <summary>
/// An immutable 8-bit RGB image, three interleaved bytes per pixel (R, G, B), stored row-major
/// with the top row first.
/// </summary>
public sealed class RgbImage
{
    internal const int Channels = 3;

    private readonly byte[] _pixels;

    /// <summary>Copies <paramref name="pixels"/>, which must hold exactly width × height × 3 bytes, interleaved R, G, B.</summary>
    public RgbImage(int width, int height, ReadOnlySpan<byte> pixels)
    {
        PixelLayout.CheckBufferLength(width, height, Channels, pixels.Length, nameof(pixels));
        Width = width;
        Height = height;
        _pixels = pixels.ToArray();
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Interleaved R, G, B bytes, row-major, top row first: pixel (x, y) starts at <c>3 * (y * Width + x)</c>.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    internal byte[] PixelArray => _pixels;

    /// <summary>Colour at column <paramref name="x"/> and row <paramref name="y"/> (row 0 is the top).</summary>
    public Rgb this[int x, int y]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(x);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
            ArgumentOutOfRangeException.ThrowIfNegative(y);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
            int i = (y * Width + x) * Channels;
            return new Rgb(_pixels[i], _pixels[i + 1], _pixels[i + 2]);
        }
    }

    /// <summary>Nearest-neighbour enlargement: each pixel becomes a <paramref name="factor"/> × <paramref name="factor"/> block.</summary>
    public RgbImage Upscale(int factor) =>
        new(Width * factor, Height * factor, PixelLayout.Upscale(_pixels, Width, Height, Channels, factor));

    /// <summary>Image from interleaved R, G, B intensities in [0, 1]; values outside or NaN throw.</summary>
    public static RgbImage FromUnitInterval<T>(int width, int height, ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T> =>
        FromRange(width, height, values, T.Zero, T.One);

    /// <summary>
    /// Image from interleaved R, G, B intensities in [<paramref name="min"/>, <paramref name="max"/>],
    /// mapped linearly to 0…255 on every channel alike; values outside or NaN throw.
    /// </summary>
    public static RgbImage FromRange<T>(int width, int height, ReadOnlySpan<T> values, T min, T max)
        where T : IFloatingPointIeee754<T>
    {
        PixelLayout.CheckBufferLength(width, height, Channels, values.Length, nameof(values));
        return new RgbImage(width, height,
            IntensityQuantizer.FromRange(values, double.CreateTruncating(min), double.CreateTruncating(max), nameof(values)));
    }

    /// <summary>
    /// Image stretched so that the smallest value over all channels maps to 0 and the largest to
    /// 255 (one range for all channels, so hues are preserved). A constant input maps to black.
    /// </summary>
    public static RgbImage Normalized<T>(int width, int height, ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T>
    {
        PixelLayout.CheckBufferLength(width, height, Channels, values.Length, nameof(values));
        return new RgbImage(width, height, IntensityQuantizer.Normalized(values, nameof(values)));
    }
}
