using NeuroThermo.TorchExtensions.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// Named TorchSharp tensors to and from safetensors files (state dicts, optimizer state), order kept both ways.
/// The container is read and validated by <see cref="SafetensorsFormat"/> before any size from the file is
/// trusted, so a corrupt or truncated file is a <see cref="SafetensorsFormatException"/> naming the file and field.
/// </summary>
public static class Safetensors
{
    /// <summary>Writes <paramref name="tensors"/> (CPU, contiguous copies are made where needed) atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var entries = new List<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)>();
        foreach (var (name, tensor) in tensors)
        {
            Tensor cpu = tensor.detach().cpu().contiguous();
            entries.Add((name, ToFormat(cpu.dtype, name, path), cpu.shape, cpu.numel() == 0 ? Array.Empty<byte>() : cpu.bytes.ToArray()));
        }
        SafetensorsFormat.WriteFile(path, entries, metadata);
    }

    /// <summary>Every tensor of the file, in file order, as new CPU tensors outside any dispose scope (the caller disposes them).</summary>
    /// <exception cref="SafetensorsFormatException">The file breaks the format.</exception>
    public static Dictionary<string, Tensor> Load(string path) => LoadWithMetadata(path).Tensors;

    /// <summary>Like <see cref="Load"/>, with the file's <c>__metadata__</c>.</summary>
    public static (Dictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) LoadWithMetadata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        SafetensorsHeader header = SafetensorsFormat.ReadHeader(stream, stream.Length, path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (SafetensorsEntry entry in header.Entries)
            {
                // ReadHeader has checked every entry's size against the file before this allocation.
                Tensor tensor = empty(entry.Shape, FromFormat(entry.DType)).DetachFromDisposeScope();
                result.Add(entry.Name, tensor);
                if (entry.ByteLength > 0) SafetensorsFormat.ReadData(stream, header, entry, tensor.bytes);
            }
        }
        catch
        {
            foreach (Tensor tensor in result.Values) tensor.Dispose();
            throw;
        }
        return (result, header.Metadata);
    }

    internal static SafetensorsDType ToFormat(ScalarType dtype, string name, string path) => dtype switch
    {
        ScalarType.Float64 => SafetensorsDType.F64,
        ScalarType.Float32 => SafetensorsDType.F32,
        ScalarType.Float16 => SafetensorsDType.F16,
        ScalarType.BFloat16 => SafetensorsDType.BF16,
        ScalarType.Int64 => SafetensorsDType.I64,
        ScalarType.Int32 => SafetensorsDType.I32,
        ScalarType.Int16 => SafetensorsDType.I16,
        ScalarType.Int8 => SafetensorsDType.I8,
        ScalarType.Byte => SafetensorsDType.U8,
        ScalarType.Bool => SafetensorsDType.BOOL,
        _ => throw new NotSupportedException($"tensor '{name}' for {path} has dtype {dtype}, which safetensors cannot store"),
    };

    internal static ScalarType FromFormat(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => ScalarType.Float64,
        SafetensorsDType.F32 => ScalarType.Float32,
        SafetensorsDType.F16 => ScalarType.Float16,
        SafetensorsDType.BF16 => ScalarType.BFloat16,
        SafetensorsDType.I64 => ScalarType.Int64,
        SafetensorsDType.I32 => ScalarType.Int32,
        SafetensorsDType.I16 => ScalarType.Int16,
        SafetensorsDType.I8 => ScalarType.Int8,
        SafetensorsDType.U8 => ScalarType.Byte,
        SafetensorsDType.BOOL => ScalarType.Bool,
        _ => throw new NotSupportedException($"safetensors dtype {dtype} has no tensor type"),
    };
}
