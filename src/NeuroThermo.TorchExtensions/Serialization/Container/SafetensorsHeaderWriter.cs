using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// Validates what is about to be written and builds the padded header. Everything that can be wrong with
/// the caller's input is found here, before a single byte reaches the output.
/// </summary>
internal static class SafetensorsHeaderWriter
{
    /// <summary>The header length is padded to a multiple of this, so the data section starts aligned.</summary>
    public const int HeaderAlignment = 8;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Non-ASCII names and metadata stay readable; the header is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Returns the header JSON padded with spaces to a multiple of <see cref="HeaderAlignment"/> bytes.
    /// Data offsets follow the order the tensors are given in, back to back from 0.
    /// </summary>
    public static byte[] Build(
        IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)> tensors,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Validate(tensors, metadata);

        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, JsonOptions))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(SafetensorsHeaderParser.MetadataKey);
                foreach ((string key, string value) in metadata)
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach ((string name, SafetensorsDType dtype, long[] shape, ReadOnlyMemory<byte> data) in tensors)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", dtype.ToFormatName());
                writer.WriteStartArray("shape");
                foreach (long dimension in shape)
                {
                    writer.WriteNumberValue(dimension);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + data.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += data.Length;
            }
            writer.WriteEndObject();
        }

        long paddedLength = (json.Length + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        if (paddedLength > SafetensorsFormat.MaxHeaderLength)
        {
            throw new ArgumentException(
                $"The safetensors header would take {paddedLength} bytes, more than readers accept " +
                $"({SafetensorsFormat.MaxHeaderLength}); write fewer tensors or less metadata per file.", nameof(tensors));
        }
        byte[] header = new byte[paddedLength];
        json.GetBuffer().AsSpan(0, (int)json.Length).CopyTo(header);
        header.AsSpan((int)json.Length).Fill((byte)' ');
        return header;
    }

    private static void Validate(
        IReadOnlyList<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)> tensors,
        IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tensors.Count; i++)
        {
            (string name, SafetensorsDType dtype, long[] shape, ReadOnlyMemory<byte> data) = tensors[i];
            if (name is null || shape is null)
            {
                throw new ArgumentException($"Tensor {i} has a null name or shape.", nameof(tensors));
            }
            string tensor = $"Tensor {SafetensorsHeaderParser.Quote(name)}";
            if (name == SafetensorsHeaderParser.MetadataKey)
            {
                throw new ArgumentException(
                    $"{tensor} cannot be written because the name is reserved for the file's metadata.", nameof(tensors));
            }
            if (!names.Add(name))
            {
                throw new ArgumentException($"{tensor} appears twice, but tensor names in a file must be unique.", nameof(tensors));
            }
            if (!Enum.IsDefined(dtype))
            {
                throw new ArgumentException($"{tensor} has dtype {(int)dtype}, which is not a safetensors dtype.", nameof(tensors));
            }
            if (shape.Any(dimension => dimension < 0))
            {
                throw new ArgumentException(
                    $"{tensor} has shape [{string.Join(", ", shape)}], but dimensions must be non-negative.", nameof(tensors));
            }
            long expectedBytes;
            try
            {
                expectedBytes = checked(SafetensorsEntryMath.ElementCount(shape) * dtype.ElementSize());
            }
            catch (OverflowException exception)
            {
                throw new ArgumentException(
                    $"{tensor} has shape [{string.Join(", ", shape)}], whose byte length overflows a 64-bit integer.",
                    nameof(tensors), exception);
            }
            if (data.Length != expectedBytes)
            {
                throw new ArgumentException(
                    $"{tensor} has {data.Length} bytes of data, but shape [{string.Join(", ", shape)}] of " +
                    $"{dtype.ToFormatName()} needs {expectedBytes}.", nameof(tensors));
            }
        }
        foreach ((string key, string value) in metadata ?? new Dictionary<string, string>())
        {
            if (value is null)
            {
                throw new ArgumentException(
                    $"Metadata key {SafetensorsHeaderParser.Quote(key)} has a null value, but values must be strings.",
                    nameof(metadata));
            }
        }
    }
}
