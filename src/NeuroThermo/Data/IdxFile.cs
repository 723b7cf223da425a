using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuroThermo.Data;

/// <summary>A malformed IDX file: one sentence naming the file, the field and what was expected.</summary>
public sealed class IdxFormatException(string message) : IOException(message);

/// <summary>An unsigned-byte array read from an IDX file, with its dimensions.</summary>
public sealed record IdxArray(string Path, int[] Shape, byte[] Data)
{
    /// <summary>Number of items: the first dimension.</summary>
    public int Count => Shape[0];

    /// <summary>Bytes per item: the product of the other dimensions.</summary>
    public int ItemSize => Shape.Skip(1).Aggregate(1, (a, b) => a * b);
}

/// <summary>
/// Reads IDX files (the MNIST format), plain or gzip-compressed: a 4-byte magic number
/// (0, 0, type, number of dimensions), the dimensions as big-endian 32-bit integers, then the data.
/// Only type 0x08 (unsigned byte) is used by image data sets and supported here. Every size is
/// checked against the file before anything is allocated from it.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;
    private const int MaxDimensions = 4;

    /// <summary>Reads the whole file.</summary>
    /// <exception cref="IdxFormatException">The file is not a valid unsigned-byte IDX file.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file {path} does not exist.", path);
        using var file = File.OpenRead(path);
        using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        try
        {
            return Read(stream, path);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException($"IDX file {path} is not valid gzip data ({e.Message}).");
        }
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> head = stackalloc byte[2];
        var n = file.Read(head);
        file.Position = 0;
        return n == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    private static IdxArray Read(Stream stream, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        if (ReadFully(stream, magic) < 4)
            throw new IdxFormatException($"IDX file {path} is shorter than its 4-byte magic number.");
        if (magic[0] != 0 || magic[1] != 0)
            throw new IdxFormatException($"IDX file {path} has magic number {Hex(magic)}; an IDX file starts with two zero bytes.");
        if (magic[2] != UnsignedByte)
            throw new IdxFormatException($"IDX file {path} has element type 0x{magic[2]:x2} in its magic number; expected 0x08 (unsigned byte).");
        int dimensions = magic[3];
        if (dimensions is < 1 or > MaxDimensions)
            throw new IdxFormatException($"IDX file {path} declares {dimensions} dimensions; expected 1 to {MaxDimensions}.");

        Span<byte> sizes = stackalloc byte[4 * MaxDimensions];
        if (ReadFully(stream, sizes[..(4 * dimensions)]) < 4 * dimensions)
            throw new IdxFormatException($"IDX file {path} ends inside its list of {dimensions} dimension sizes.");
        var shape = new int[dimensions];
        long total = 1;
        for (var d = 0; d < dimensions; d++)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(sizes.Slice(4 * d, 4));
            if (size <= 0) throw new IdxFormatException($"IDX file {path} gives dimension {d} the size {size}; sizes must be positive.");
            shape[d] = size;
            total *= size;
            if (total > Array.MaxLength) throw new IdxFormatException($"IDX file {path} declares more elements than one array can hold.");
        }

        var (data, read) = ReadUpTo(stream, total);
        if (read < total)
            throw new IdxFormatException($"IDX file {path} is truncated: its dimensions [{string.Join(", ", shape)}] need {total} data bytes but it holds {read}.");
        if (stream.ReadByte() != -1)
            throw new IdxFormatException($"IDX file {path} has bytes after the {total} its dimensions [{string.Join(", ", shape)}] account for.");
        return new IdxArray(path, shape, data);
    }

    // Reads at most `total` bytes, growing the buffer as data actually arrives, so that a header
    // that lies about its sizes cannot make us allocate more than about twice what the file holds.
    private static (byte[] Data, long Read) ReadUpTo(Stream stream, long total)
    {
        const int FirstBlock = 1 << 20;
        var data = new byte[Math.Min(total, FirstBlock)];
        long read = 0;
        while (true)
        {
            read += ReadFully(stream, data.AsSpan((int)read));
            if (read < data.Length || data.Length == total) return (data, read);
            Array.Resize(ref data, (int)Math.Min(total, 2L * data.Length));
        }
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexString(bytes).ToLowerInvariant();
}
