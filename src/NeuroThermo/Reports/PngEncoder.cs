using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NeuroThermo.IO;

namespace NeuroThermo.Reports;

/// <summary>
/// Minimal PNG writer (ISO/IEC 15948, W3C PNG 2nd edition) for 8-bit grayscale and 8-bit RGB
/// images, non-interlaced.
/// </summary>
/// <remarks>
/// The file is the 8-byte signature followed by three chunks: IHDR (size and pixel format), one
/// IDAT (the zlib-compressed scanlines) and the empty IEND. Each chunk is
/// <c>length (4 bytes, big-endian) · type (4 ASCII bytes) · data · CRC-32 of type and data</c>.
/// Every scanline is prefixed with filter type 0 ("None"); the adaptive filters would compress
/// photographs better, but report images are small, flat-coloured and compress well as they are.
/// </remarks>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private const byte BitDepth = 8;
    private const byte ColourTypeGray = 0;
    private const byte ColourTypeRgb = 2;
    private const byte FilterNone = 0;
    private const int IhdrLength = 13;

    public static byte[] Encode(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        Encode(image, buffer);
        return buffer.ToArray();
    }

    public static byte[] Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        Encode(image, buffer);
        return buffer.ToArray();
    }

    public static void Encode(GrayImage image, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        WritePng(destination, image.Width, image.Height, ColourTypeGray, GrayImage.Channels, image.Pixels);
    }

    public static void Encode(RgbImage image, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        WritePng(destination, image.Width, image.Height, ColourTypeRgb, RgbImage.Channels, image.Pixels);
    }

    /// <summary>Writes <paramref name="image"/> as a PNG file, atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        AtomicFile.Write(path, stream => Encode(image, stream));
    }

    /// <summary>Writes <paramref name="image"/> as a PNG file, atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        AtomicFile.Write(path, stream => Encode(image, stream));
    }

    private static void WritePng(Stream destination, int width, int height, byte colourType, int channels, ReadOnlySpan<byte> pixels)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Signature);

        Span<byte> header = stackalloc byte[IhdrLength];
        BinaryPrimitives.WriteUInt32BigEndian(header[0..4], (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..8], (uint)height);
        header[8] = BitDepth;
        header[9] = colourType;
        header[10] = 0; // compression method 0: zlib deflate, the only one defined
        header[11] = 0; // filter method 0: the five adaptive filters, the only one defined
        header[12] = 0; // interlace method 0: none
        WriteChunk(destination, "IHDR", header);

        WriteChunk(destination, "IDAT", CompressScanlines(width, height, channels, pixels));
        WriteChunk(destination, "IEND", ReadOnlySpan<byte>.Empty);
    }

    private static byte[] CompressScanlines(int width, int height, int channels, ReadOnlySpan<byte> pixels)
    {
        int rowBytes = width * channels;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(FilterNone);
                zlib.Write(pixels.Slice(y * rowBytes, rowBytes));
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream destination, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        destination.Write(word);

        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        destination.Write(typeBytes);
        destination.Write(data);

        // The CRC covers the type and the data, not the length.
        uint crc = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, typeBytes), data));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        destination.Write(word);
    }
}
