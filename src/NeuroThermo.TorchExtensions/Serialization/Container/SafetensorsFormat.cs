using System.Buffers.Binary;

namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// Reads and writes the safetensors container, byte for byte, without knowing about tensors.
/// <para>
/// Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON mapping each tensor
/// name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> plus an optional <c>"__metadata__"</c>
/// object of strings; then the data section, whose offsets the entries give relative to its start.
/// </para>
/// <para>
/// Writing keeps the order the tensors are given in, both in the header and in the data section, so a
/// state dict read back comes out in the order it went in. The header is padded with spaces to a multiple
/// of 8 bytes. Reading validates every rule before any size from the file is trusted.
/// </para>
/// </summary>
public static class SafetensorsFormat
{
    /// <summary>Bytes of the little-endian header length at the start of every file.</summary>
    public const int LengthPrefixSize = sizeof(ulong);

    /// <summary>Largest header a reader accepts, as in the reference implementation; guards allocation.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const int FileBufferSize = 1 << 16;

    /// <summary>
    /// Reads and validates the header of the file in <paramref name="stream"/>, which is read from position 0
    /// (seeking there if it can). <paramref name="streamLength"/> is the length of the whole file, and
    /// <paramref name="path"/> names it in error messages.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">The file breaks the format.</exception>
    public static SafetensorsHeader ReadHeader(Stream stream, long streamLength, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(streamLength);
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        const string lengthField = "header length";
        if (streamLength < LengthPrefixSize)
        {
            throw new SafetensorsFormatException(path, lengthField,
                $"must fill the first {LengthPrefixSize} bytes, but the file holds only {streamLength} bytes");
        }
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        ReadExactly(stream, prefix, path, lengthField);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw new SafetensorsFormatException(path, lengthField,
                $"must be at most {MaxHeaderLength} bytes, but is {headerLength}");
        }
        long available = streamLength - LengthPrefixSize;
        if ((long)headerLength > available)
        {
            throw new SafetensorsFormatException(path, lengthField,
                $"must fit in the file, but is {headerLength} bytes while only {available} bytes follow it");
        }

        byte[] json = new byte[headerLength];
        ReadExactly(stream, json, path, "header JSON");
        long dataStart = LengthPrefixSize + (long)headerLength;
        long dataLength = streamLength - dataStart;
        (List<SafetensorsEntry> entries, Dictionary<string, string> metadata) =
            SafetensorsHeaderParser.Parse(json, dataLength, path);
        return new SafetensorsHeader(path, entries, metadata, dataStart, dataLength);
    }

    /// <summary>
    /// Copies the raw bytes of <paramref name="entry"/> into <paramref name="destination"/>, which must be
    /// exactly <see cref="SafetensorsEntry.ByteLength"/> long. The stream must be seekable.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">The file ends before the entry's data does.</exception>
    public static void ReadData(Stream stream, SafetensorsHeader header, SafetensorsEntry entry, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(entry);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("Reading tensor data needs a seekable stream.", nameof(stream));
        }
        if (destination.Length != entry.End - entry.Begin)
        {
            throw new ArgumentException(
                $"Tensor {SafetensorsHeaderParser.Quote(entry.Name)} holds {entry.End - entry.Begin} bytes, but the " +
                $"destination has {destination.Length}.", nameof(destination));
        }
        stream.Position = header.DataStart + entry.Begin;
        ReadExactly(stream, destination, header.Path, $"tensor {SafetensorsHeaderParser.Quote(entry.Name)} data");
    }

    /// <summary>Reads every tensor of the file at <paramref name="path"/> into memory, in file order.</summary>
    /// <exception cref="SafetensorsFormatException">The file breaks the format.</exception>
    public static SafetensorsContents ReadAll(string path)
    {
        using var stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan);
        SafetensorsHeader header = ReadHeader(stream, stream.Length, path);
        var tensors = new List<SafetensorsTensorData>(header.Entries.Count);
        foreach (SafetensorsEntry entry in header.Entries)
        {
            long byteLength = entry.End - entry.Begin;
            if (byteLength > Array.MaxLength)
            {
                throw new NotSupportedException(
                    $"Tensor {SafetensorsHeaderParser.Quote(entry.Name)} in '{path}' holds {byteLength} bytes, more than " +
                    "one .NET array can; read it in pieces with ReadHeader and a stream instead.");
            }
            byte[] data = new byte[byteLength];
            ReadData(stream, header, entry, data);
            tensors.Add(new SafetensorsTensorData(entry.Name, entry.DType, entry.Shape, data));
        }
        return new SafetensorsContents(tensors, header.Metadata);
    }

    /// <summary>
    /// Writes a safetensors file to <paramref name="stream"/>: header and data in the order the tensors are given.
    /// Every argument is validated before the first byte is written.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A tensor's data length differs from its shape's element count × element size, a name repeats, or a
    /// name is <c>"__metadata__"</c>.
    /// </exception>
    public static void Write(
        Stream stream,
        IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] header = SafetensorsHeaderWriter.Build(tensors, metadata);
        WriteValidated(stream, header, tensors);
    }

    /// <summary>
    /// Writes a safetensors file to <paramref name="path"/> atomically: into a temporary file in the same
    /// directory, flushed to disk, then moved over the target. If anything fails, a file already at
    /// <paramref name="path"/> is left untouched and the temporary file is removed.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Write"/>; nothing is created then.</exception>
    public static void WriteFile(
        string path,
        IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] header = SafetensorsHeaderWriter.Build(tensors, metadata);

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' names a root directory, not a file.", nameof(path));
        // Same directory as the target, so the final move is a rename within one file system.
        string temporaryPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(
                temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBufferSize))
            {
                WriteValidated(stream, header, tensors);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
    }

    private static void WriteValidated(
        Stream stream, byte[] header,
        IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)> tensors)
    {
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach ((_, _, _, ReadOnlyMemory<byte> data) in tensors)
        {
            stream.Write(data.Span);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, string path, string field)
    {
        int read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            throw new SafetensorsFormatException(path, field,
                $"must be {destination.Length} bytes long, but the file ends after {read} of them (truncated file)");
        }
    }

    /// <summary>Best effort: the exception that made us clean up matters more than a failed cleanup.</summary>
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}
