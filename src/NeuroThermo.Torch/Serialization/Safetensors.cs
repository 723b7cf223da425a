namespace NeuroThermo.Torch.Serialization;

/// <summary>
/// Named tensors to and from safetensors files: state dicts, optimizer state, anything. Order is
/// kept both ways. Data goes straight between the file and the tensors' memory.
/// </summary>
public static class Safetensors
{
    /// <summary>Writes <paramref name="tensors"/> (CPU copies are made of others) atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = torch.NewDisposeScope();
        var entries = new List<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)>();
        foreach (var (name, tensor) in tensors)
        {
            using var _ = torch.no_grad();
            var cpu = tensor.detach().cpu().contiguous();
            var bytes = new byte[checked(cpu.numel() * cpu.element_size())];
            if (bytes.Length > 0) System.Runtime.InteropServices.MemoryMarshal.AsBytes(ByteView(cpu)).CopyTo(bytes);
            entries.Add((name, ToFormat(cpu.dtype, name, path), cpu.shape, bytes));
        }
        SafetensorsFormat.WriteFile(path, entries, metadata);
    }

    /// <summary>Reads every tensor of a safetensors file, in file order, as new CPU tensors (owned by the caller).</summary>
    /// <exception cref="SafetensorsFormatException">The file is not valid safetensors.</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static IReadOnlyDictionary<string, Tensor> Load(string path) => LoadWithMetadata(path).Tensors;

    /// <summary>Like <see cref="Load"/>, with the file's <c>__metadata__</c>.</summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) LoadWithMetadata(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = SafetensorsFormat.ReadHeader(stream, stream.Length, path);
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in header.Entries)
            {
                // Sizes were checked against the file by ReadHeader before anything is allocated.
                var tensor = torch.empty(entry.Shape, FromFormat(entry.DType)).DetachFromDisposeScope();
                result.Add(entry.Name, tensor);
                SafetensorsFormat.ReadData(stream, header, entry, entry.ByteLength == 0 ? Span<byte>.Empty : ByteView(tensor));
            }
        }
        catch
        {
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }
        return (result, header.Metadata);
    }

    private static Span<byte> ByteView(Tensor tensor) => tensor.dtype switch
    {
        ScalarType.Float64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<double>()),
        ScalarType.Float32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<float>()),
        ScalarType.Float16 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<Half>()),
        ScalarType.BFloat16 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<ushort>()),
        ScalarType.Int64 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<long>()),
        ScalarType.Int32 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<int>()),
        ScalarType.Int16 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<short>()),
        ScalarType.Int8 => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<sbyte>()),
        ScalarType.Byte => tensor.AsSpan<byte>(),
        ScalarType.Bool => System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.AsSpan<bool>()),
        _ => throw new NotSupportedException($"{tensor.dtype.TorchName()} cannot be stored in safetensors"),
    };

    private static SafetensorsDType ToFormat(ScalarType dtype, string name, string path) => dtype switch
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
        _ => throw new NotSupportedException($"tensor '{name}' for {path} has dtype {dtype.TorchName()}, which safetensors cannot store"),
    };

    private static ScalarType FromFormat(SafetensorsDType dtype) => dtype switch
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

/// <summary>Saving and loading a module's state dict as safetensors.</summary>
public static class ModuleSerialization
{
    /// <summary>Writes the module's state dict to <paramref name="path"/> (atomically).</summary>
    public static void save(this torch.nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(path, module.state_dict(), metadata);

    /// <summary>Loads a state dict written by <see cref="save"/>; see <see cref="torch.nn.Module.load_state_dict"/>.</summary>
    public static void load(this torch.nn.Module module, string path, bool strict = true)
    {
        var tensors = Safetensors.Load(path);
        try
        {
            module.load_state_dict(tensors, strict);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"checkpoint {path} does not fit the model: {e.Message}", e);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
