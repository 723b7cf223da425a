using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using System.Buffers.Binary;
using System.Text;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.TorchExtensions.Tests.Serialization;

public sealed class SafetensorsRoundTripTests : IDisposable
{
    private const int PatternSeed = 20240611;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<SafetensorsDType> AllDTypes()
    {
        var data = new TheoryData<SafetensorsDType>();
        foreach (SafetensorsDType dtype in SafetensorsDTypeExtensions.All)
        {
            data.Add(dtype);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void WriteFileThenReadAll_ReturnsIdenticalBytesShapeAndDType(SafetensorsDType dtype)
    {
        long[] shape = [2, 3];
        byte[] data = SafetensorsBytes.Pattern(6 * dtype.ElementSize(), PatternSeed + (int)dtype);
        string path = _directory.File($"{dtype}.safetensors");

        SafetensorsFormat.WriteFile(path, [("weight", dtype, shape, data)]);
        SafetensorsContents contents = SafetensorsFormat.ReadAll(path);

        SafetensorsTensorData tensor = Assert.Single(contents.Tensors);
        Assert.Equal("weight", tensor.Name);
        Assert.Equal(dtype, tensor.DType);
        Assert.Equal(shape, tensor.Shape);
        Assert.Equal(data, tensor.Data);
    }

    [Fact]
    public void FloatSpecialValues_RoundTripBitExactly()
    {
        uint[] f32Bits = [0x7FC0_0001, 0x7F80_0001, 0xFFC1_2345, 0x8000_0000, 0x7F80_0000, 0x0000_0001];
        ulong[] f64Bits = [0x7FF8_0000_0000_0001, 0x7FF0_0000_0000_0001, 0x8000_0000_0000_0000, 0xFFF0_0000_0000_0000];
        ushort[] bf16Bits = [0x7FC1, 0xFF81, 0x8000, 0x7F80, 0x0001];
        ushort[] f16Bits = [0x7E01, 0x7C01, 0x8000, 0xFC00, 0x0001];
        byte[] f32 = new byte[f32Bits.Length * 4];
        byte[] f64 = new byte[f64Bits.Length * 8];
        byte[] bf16 = new byte[bf16Bits.Length * 2];
        byte[] f16 = new byte[f16Bits.Length * 2];
        for (int i = 0; i < f32Bits.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(f32.AsSpan(4 * i), f32Bits[i]);
        for (int i = 0; i < f64Bits.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(f64.AsSpan(8 * i), f64Bits[i]);
        for (int i = 0; i < bf16Bits.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2 * i), bf16Bits[i]);
        for (int i = 0; i < f16Bits.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(f16.AsSpan(2 * i), f16Bits[i]);
        string path = _directory.File("special.safetensors");

        SafetensorsFormat.WriteFile(path,
        [
            ("f32", SafetensorsDType.F32, [f32Bits.Length], f32),
            ("f64", SafetensorsDType.F64, [f64Bits.Length], f64),
            ("bf16", SafetensorsDType.BF16, [bf16Bits.Length], bf16),
            ("f16", SafetensorsDType.F16, [f16Bits.Length], f16),
        ]);
        IReadOnlyList<SafetensorsTensorData> read = SafetensorsFormat.ReadAll(path).Tensors;

        Assert.Equal(f32Bits, Enumerable.Range(0, f32Bits.Length)
            .Select(i => BinaryPrimitives.ReadUInt32LittleEndian(read[0].Data.AsSpan(4 * i))));
        Assert.Equal(f64Bits, Enumerable.Range(0, f64Bits.Length)
            .Select(i => BinaryPrimitives.ReadUInt64LittleEndian(read[1].Data.AsSpan(8 * i))));
        Assert.Equal(bf16Bits, Enumerable.Range(0, bf16Bits.Length)
            .Select(i => BinaryPrimitives.ReadUInt16LittleEndian(read[2].Data.AsSpan(2 * i))));
        Assert.Equal(f16Bits, Enumerable.Range(0, f16Bits.Length)
            .Select(i => BinaryPrimitives.ReadUInt16LittleEndian(read[3].Data.AsSpan(2 * i))));
    }

    [Fact]
    public void EmptyAndScalarTensors_RoundTripInGivenOrder()
    {
        byte[] scalar = BitConverter.GetBytes(-0.0);
        byte[] vector = SafetensorsBytes.Pattern(3 * 4, PatternSeed);
        string path = _directory.File("edge-shapes.safetensors");

        SafetensorsFormat.WriteFile(path,
        [
            ("rows_empty", SafetensorsDType.F32, [0, 5], Array.Empty<byte>()),
            ("scalar", SafetensorsDType.F64, [], scalar),
            ("cols_empty", SafetensorsDType.I64, [3, 0], Array.Empty<byte>()),
            ("vector", SafetensorsDType.I32, [3], vector),
            ("trailing_empty", SafetensorsDType.U8, [0], Array.Empty<byte>()),
        ]);
        using var stream = File.OpenRead(path);
        SafetensorsHeader header = SafetensorsFormat.ReadHeader(stream, stream.Length, path);
        IReadOnlyList<SafetensorsTensorData> tensors = SafetensorsFormat.ReadAll(path).Tensors;

        Assert.Equal(["rows_empty", "scalar", "cols_empty", "vector", "trailing_empty"], tensors.Select(t => t.Name));
        Assert.Equal([0L, 0L, 8L, 8L, 20L], header.Entries.Select(e => e.Begin));
        Assert.Equal([0L, 1L, 0L, 3L, 0L], header.Entries.Select(e => e.ElementCount));
        Assert.Empty(tensors[0].Data);
        Assert.Equal([0L, 5L], tensors[0].Shape);
        Assert.Empty(tensors[1].Shape);
        Assert.Equal(scalar, tensors[1].Data);
        Assert.Equal([3L, 0L], tensors[2].Shape);
        Assert.Equal(vector, tensors[3].Data);
    }

    [Fact]
    public void Write_ProducesTheSpecifiedBytes()
    {
        const string expectedJson = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        byte[] data = [.. BitConverter.GetBytes(1.0f), .. BitConverter.GetBytes(2.0f)];
        using var stream = new MemoryStream();

        SafetensorsFormat.Write(stream, [("a", SafetensorsDType.F32, [2], data)]);

        int paddedLength = (expectedJson.Length + 7) / 8 * 8;
        byte[] expected = SafetensorsBytes.Craft(expectedJson.PadRight(paddedLength, ' '), data);
        Assert.Equal(expected, stream.ToArray());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abcdefg")]
    [InlineData("layers.0.attention.query.weight")]
    [InlineData("gewicht_ä")]
    public void Write_PadsHeaderWithSpacesToMultipleOfEight(string name)
    {
        const int Alignment = 8;
        using var stream = new MemoryStream();

        SafetensorsFormat.Write(stream, [(name, SafetensorsDType.U8, [3], new byte[3])]);

        byte[] file = stream.ToArray();
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        string header = Encoding.UTF8.GetString(file, SafetensorsFormat.LengthPrefixSize, headerLength);
        string json = header.TrimEnd(' ');
        Assert.Equal(0, headerLength % Alignment);
        Assert.EndsWith("}", json);
        Assert.InRange(Encoding.UTF8.GetByteCount(header) - Encoding.UTF8.GetByteCount(json), 0, Alignment - 1);
        Assert.Equal(SafetensorsFormat.LengthPrefixSize + headerLength + 3, file.Length);
    }

    [Fact]
    public void Metadata_RoundTrips()
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["note"] = "quotes \" and \\ backslash, ünïcødé, <html> & newline\n",
            ["empty"] = "",
        };
        string path = _directory.File("metadata.safetensors");

        SafetensorsFormat.WriteFile(path, [("w", SafetensorsDType.I8, [1], new byte[] { 0x80 })], metadata);
        SafetensorsContents contents = SafetensorsFormat.ReadAll(path);

        Assert.Equal(metadata.OrderBy(p => p.Key), contents.Metadata.OrderBy(p => p.Key));
        Assert.Equal([0x80], Assert.Single(contents.Tensors).Data);
    }

    [Fact]
    public void Write_KeepsGivenOrderRatherThanSortingByName()
    {
        string[] names = ["z.bias", "a.weight", "m.scale"];
        using var stream = new MemoryStream();

        SafetensorsFormat.Write(stream,
        [
            (names[0], SafetensorsDType.I16, [1], new byte[2]),
            (names[1], SafetensorsDType.I16, [1], new byte[2]),
            (names[2], SafetensorsDType.I16, [1], new byte[2]),
        ]);
        SafetensorsHeader header = SafetensorsFormat.ReadHeader(stream, stream.Length, "ordered.safetensors");

        Assert.Equal(names, header.Entries.Select(e => e.Name));
        Assert.Equal([0L, 2L, 4L], header.Entries.Select(e => e.Begin));
    }

    [Fact]
    public void ReadHeader_ListsEntriesInDataOrderWhateverTheJsonKeyOrder()
    {
        const string json = """
            {"second":{"dtype":"U8","shape":[2],"data_offsets":[3,5]},
             "__metadata__":{"k":"v"},
             "first":{"dtype":"U8","shape":[3],"data_offsets":[0,3]}}
            """;
        using var stream = new MemoryStream(SafetensorsBytes.Craft(json, [1, 2, 3, 4, 5]));

        SafetensorsHeader header = SafetensorsFormat.ReadHeader(stream, stream.Length, "reordered.safetensors");
        byte[] second = new byte[2];
        Assert.True(header.TryGetEntry("second", out SafetensorsEntry? entry));
        SafetensorsFormat.ReadData(stream, header, entry, second);

        Assert.Equal(["first", "second"], header.Entries.Select(e => e.Name));
        Assert.Equal([4, 5], second);
        Assert.Equal("v", header.Metadata["k"]);
        Assert.Equal(SafetensorsFormat.LengthPrefixSize + Encoding.UTF8.GetByteCount(json), header.DataStart);
    }

    [Fact]
    public void ReadHeader_AcceptsNullMetadataAsNone()
    {
        const string json = """{"__metadata__":null,"w":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]}}""";
        using var stream = new MemoryStream(SafetensorsBytes.Craft(json, [1]));

        SafetensorsHeader header = SafetensorsFormat.ReadHeader(stream, stream.Length, "null-metadata.safetensors");

        Assert.Empty(header.Metadata);
        Assert.Equal("w", Assert.Single(header.Entries).Name);
    }

    [Fact]
    public void DTypeNames_RoundTripAndMatchTheFormat()
    {
        string[] formatNames = ["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL"];
        int[] elementSizes = [8, 4, 2, 2, 8, 4, 2, 1, 1, 1];

        Assert.Equal(formatNames, SafetensorsDTypeExtensions.All.Select(d => d.ToFormatName()));
        Assert.Equal(elementSizes, SafetensorsDTypeExtensions.All.Select(d => d.ElementSize()));
        Assert.All(SafetensorsDTypeExtensions.All, d =>
        {
            Assert.True(SafetensorsDTypeExtensions.TryParse(d.ToFormatName(), out SafetensorsDType parsed));
            Assert.Equal(d, parsed);
        });
        Assert.False(SafetensorsDTypeExtensions.TryParse("f32", out _));
        Assert.False(SafetensorsDTypeExtensions.TryParse("1", out _));
    }
}
