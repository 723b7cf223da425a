using System.Diagnostics.CodeAnalysis;

namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// The validated header of a safetensors file. Only <see cref="SafetensorsFormat.ReadHeader"/> creates one,
/// so every instance satisfies the format: entries cover the data section exactly, without gaps or overlaps.
/// </summary>
public sealed class SafetensorsHeader
{
    private readonly Dictionary<string, SafetensorsEntry> _byName;

    internal SafetensorsHeader(
        string path, IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata,
        long dataStart, long dataLength)
    {
        Path = path;
        Entries = entries;
        Metadata = metadata;
        DataStart = dataStart;
        DataLength = dataLength;
        _byName = entries.ToDictionary(entry => entry.Name, StringComparer.Ordinal);
    }

    /// <summary>The file (or stream label) the header was read from; used in error messages.</summary>
    public string Path { get; }

    /// <summary>
    /// Entries in file order, i.e. by position in the data section. Zero-length entries that share a
    /// position keep their order in the header JSON. For files written by <see cref="SafetensorsFormat.Write"/>
    /// this is the order the tensors were given in.
    /// </summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>"__metadata__"</c> object; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Absolute offset of the data section in the file: 8 + the header length.</summary>
    public long DataStart { get; }

    /// <summary>Bytes in the data section; equals the end of the last entry.</summary>
    public long DataLength { get; }

    public bool TryGetEntry(string name, [NotNullWhen(true)] out SafetensorsEntry? entry) =>
        _byName.TryGetValue(name, out entry);
}
