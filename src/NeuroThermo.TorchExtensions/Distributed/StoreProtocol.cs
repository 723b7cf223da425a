using System.Buffers.Binary;
using System.Text;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// The wire format between <see cref="TcpStore"/> and <see cref="TcpStoreServer"/>: one request, one response, in
/// turn on each connection. A request is an operation byte, the UTF-8 key and a value, each of the two prefixed by
/// its length as a little-endian int32; a response is a status byte and a value framed the same way. Every request
/// is answered at once (a waiting Get polls), so a client that gives up leaves nothing pending on the server.
/// </summary>
internal static class StoreProtocol
{
    /// <summary>Longest key a server reads: far above any key the ranks use, small enough to refuse garbage.</summary>
    public const int MaxKeyBytes = 4096;

    /// <summary>Longest value a server reads (Gloo's address lists are about 100 bytes per rank).</summary>
    public const int MaxValueBytes = 64 * 1024 * 1024;

    public enum Operation : byte
    {
        /// <summary>Sets the key to the value; answers <see cref="Status.Ok"/>.</summary>
        Set = 1,

        /// <summary>Answers <see cref="Status.Found"/> with the key's value, or <see cref="Status.Missing"/>.</summary>
        TryGet = 2,

        /// <summary>Adds the value (an int64) to the counter the key holds as decimal text; answers the sum.</summary>
        Add = 3,

        /// <summary>Answers <see cref="Status.Found"/> or <see cref="Status.Missing"/>, with no value.</summary>
        Check = 4,
    }

    public enum Status : byte
    {
        Ok = 0,
        Found = 1,
        Missing = 2,

        /// <summary>The request was refused; the value is the reason, in UTF-8.</summary>
        Refused = 3,
    }

    /// <summary>The bytes of one request.</summary>
    public static byte[] Request(Operation operation, string key, ReadOnlySpan<byte> value)
    {
        int keyBytes = Encoding.UTF8.GetByteCount(key);
        if (keyBytes > MaxKeyBytes)
            throw new ArgumentException($"A store key may have at most {MaxKeyBytes} bytes of UTF-8; this one has {keyBytes}.", nameof(key));
        if (value.Length > MaxValueBytes)
            throw new ArgumentException($"A store value may have at most {MaxValueBytes} bytes; this one has {value.Length}.", nameof(value));
        var frame = new byte[1 + 4 + keyBytes + 4 + value.Length];
        frame[0] = (byte)operation;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(1), keyBytes);
        Encoding.UTF8.GetBytes(key, frame.AsSpan(5));
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(5 + keyBytes), value.Length);
        value.CopyTo(frame.AsSpan(9 + keyBytes));
        return frame;
    }

    /// <summary>The bytes of one response.</summary>
    public static byte[] Response(Status status, ReadOnlySpan<byte> value)
    {
        var frame = new byte[1 + 4 + value.Length];
        frame[0] = (byte)status;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(1), value.Length);
        value.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>An int64 as the 8 bytes of an Add request or response.</summary>
    public static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>Reads an int32 length and checks it against <paramref name="limit"/>.</summary>
    public static int Length(ReadOnlySpan<byte> prefix, int limit)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 0 || length > limit)
            throw new InvalidDataException($"a store frame announced {length} bytes where at most {limit} are allowed");
        return length;
    }
}
