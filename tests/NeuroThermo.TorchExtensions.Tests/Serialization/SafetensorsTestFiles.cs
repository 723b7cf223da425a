using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using System.Buffers.Binary;
using System.Text;

namespace NeuroThermo.TorchExtensions.Tests.Serialization;

/// <summary>A fresh directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "neurothermo-safetensors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Builds safetensors files byte by byte, so tests can state exactly what is on disk.</summary>
internal static class SafetensorsBytes
{
    /// <summary>An 8-byte little-endian header length, the header JSON unpadded, then the data section.</summary>
    public static byte[] Craft(string json, byte[] data) => Craft(Encoding.UTF8.GetBytes(json), data);

    public static byte[] Craft(string json, int dataLength) => Craft(json, new byte[dataLength]);

    public static byte[] Craft(byte[] json, byte[] data) => WithLengthPrefix((ulong)json.Length, [.. json, .. data]);

    /// <summary>A length prefix that may lie about what follows it.</summary>
    public static byte[] WithLengthPrefix(ulong headerLength, byte[] rest)
    {
        byte[] file = new byte[sizeof(ulong) + rest.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, headerLength);
        rest.CopyTo(file, sizeof(ulong));
        return file;
    }

    /// <summary>Deterministic non-trivial bytes, so a shifted or swapped range cannot compare equal.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var random = new Random(seed);
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
