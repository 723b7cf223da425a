using System.Numerics;

namespace NeuroThermo.Reports;

/// <summary>
/// An immutable 8-bit grayscale image, one byte per pixel (0 = black, 255 = white), stored
/// row-major with the top row first.
/// </summary>
public sealed class GrayImage
{
    internal const int Channels = 1;

    private readonly byte[] _pixels;

    /// <summary>Copies <paramref name="pixels"/>, which must hold exactly width × height bytes.</summary>
    public GrayImage(int width, int height, ReadOnlySpan<byte> pixels)
    {
        PixelLayout.CheckBufferLength(width, height, Channels, pixels.Length, nameof(pixels));
        Width = width;
        Height = height;
        _pixels = pixels.ToArray();
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixels, top row first: pixel (x, y) is <c>Pixels[y * Width + x]</c>.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    internal byte[] PixelArray => _pixels;

    /// <summary>Pixel at column <paramref name="x"/> and row <paramref name="y"/> (row 0 is the top).</summary>
    public byte this[int x, int y]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(x);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
            ArgumentOutOfRangeException.ThrowIfNegative(y);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
            return _pixels[y * Width + x];
        }
    }

    /// <summary>Nearest-neighbour enlargement: each pixel becomes a <paramref name="factor"/> × <paramref name="factor"/> block.</summary>
    public GrayImage Upscale(int factor) =>
        new(Width * factor, Height * factor, PixelLayout.Upscale(_pixels, Width, Height, Channels, factor));

    /// <summary>Image from intensities in [0, 1] (0 → black, 1 → white); values outside or NaN throw.</summary>
    public static GrayImage FromUnitInterval<T>(int width, int height, ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T> =>
        FromRange(width, height, values, T.Zero, T.One);

    /// <summary>Image from intensities in [<paramref name="min"/>, <paramref name="max"/>] mapped linearly to 0…255; values outside or NaN throw.</summary>
    public static GrayImage FromRange<T>(int width, int height, ReadOnlySpan<T> values, T min, T max)
        where T : IFloatingPointIeee754<T>
    {
        PixelLayout.CheckBufferLength(width, height, Channels, values.Length, nameof(values));
        return new GrayImage(width, height,
            IntensityQuantizer.FromRange(values, double.CreateTruncating(min), double.CreateTruncating(max), nameof(values)));
    }

    /// <summary>
    /// Image whose darkest value is the data minimum and whose brightest is the data maximum.
    /// A constant input maps to an all-black image; non-finite values throw.
    /// </summary>
    public static GrayImage Normalized<T>(int width, int height, ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T>
    {
        PixelLayout.CheckBufferLength(width, height, Channels, values.Length, nameof(values));
        return new GrayImage(width, height, IntensityQuantizer.Normalized(values, nameof(values)));
    }
}
