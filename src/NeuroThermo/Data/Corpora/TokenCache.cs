using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.IO;

namespace NeuroThermo.Data.Corpora;

/// <summary>
/// Token ids of a text, cached in a binary file (next to a run) so that a resumed or repeated run does not
/// encode the corpus again. Layout, little-endian: the 4 bytes "NTTK", a 32-byte SHA-256 key of the
/// tokenizer's JSON and the text, an int64 count, then one int32 per token. A file whose key differs, or
/// that is truncated or malformed, is stale: it is re-encoded and rewritten (atomically), never trusted.
/// </summary>
public static class TokenCache
{
    private static readonly byte[] Magic = "NTTK"u8.ToArray();
    private const int KeyLength = 32;
    private const int HeaderLength = 4 + KeyLength + sizeof(long);

    /// <summary>The tokens of <paramref name="text"/>, read from <paramref name="path"/> when it holds them.</summary>
    public static int[] LoadOrEncode(string path, ITokenizer tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(text);
        var key = KeyOf(tokenizer, text);
        if (TryRead(path, key) is { } cached)
            return cached;
        var tokens = tokenizer.Encode(text);
        Write(path, key, tokens);
        return tokens;
    }

    private static byte[] KeyOf(ITokenizer tokenizer, string text)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(TokenizerFile.ToJson(tokenizer));
        hash.AppendData(Encoding.UTF8.GetBytes(text));
        return hash.GetHashAndReset();
    }

    private static int[]? TryRead(string path, byte[] key)
    {
        if (!File.Exists(path))
            return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 4).SequenceEqual(Magic) || !bytes.AsSpan(4, KeyLength).SequenceEqual(key))
            return null;
        var count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(4 + KeyLength));
        if (count < 0 || bytes.Length - HeaderLength != count * sizeof(int))
            return null;
        var tokens = new int[count];
        for (var i = 0; i < count; i++)
            tokens[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(HeaderLength + i * sizeof(int)));
        return tokens;
    }

    private static void Write(string path, byte[] key, int[] tokens)
    {
        var bytes = new byte[HeaderLength + tokens.Length * sizeof(int)];
        Magic.CopyTo(bytes, 0);
        key.CopyTo(bytes, 4);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4 + KeyLength), tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(HeaderLength + i * sizeof(int)), tokens[i]);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
