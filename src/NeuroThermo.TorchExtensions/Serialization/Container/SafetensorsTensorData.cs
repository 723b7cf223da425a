namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>One tensor read whole from a safetensors file: its raw little-endian bytes, not yet a tensor.</summary>
public sealed record SafetensorsTensorData(string Name, SafetensorsDType DType, long[] Shape, byte[] Data);

/// <summary>Everything in a safetensors file, as returned by <see cref="SafetensorsFormat.ReadAll"/>.</summary>
/// <param name="Tensors">In file order (see <see cref="SafetensorsHeader.Entries"/>).</param>
/// <param name="Metadata">The <c>"__metadata__"</c> object; empty when the file has none.</param>
public sealed record SafetensorsContents(
    IReadOnlyList<SafetensorsTensorData> Tensors, IReadOnlyDictionary<string, string> Metadata);
