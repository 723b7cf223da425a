using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using System.Buffers;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.TorchExtensions.Tests.Serialization;

public sealed class SafetensorsWriteTests : IDisposable
{
    private const string FileName = "model.safetensors";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, string> InvalidTensorCases() => new()
    {
        { "data length differs from shape", "needs 8" },
        { "duplicate name", "appears twice" },
        { "reserved metadata name", "reserved" },
        { "negative dimension", "non-negative" },
    };

    private static List<(string Name, SafetensorsDType DType, long[] Shape, ReadOnlyMemory<byte> Data)> InvalidTensors(string caseName) =>
        caseName switch
        {
            "data length differs from shape" => [("w", SafetensorsDType.F32, [2], new byte[7])],
            "duplicate name" => [("w", SafetensorsDType.U8, [1], new byte[1]), ("w", SafetensorsDType.U8, [1], new byte[1])],
            "reserved metadata name" => [("__metadata__", SafetensorsDType.U8, [1], new byte[1])],
            "negative dimension" => [("w", SafetensorsDType.U8, [-1], Array.Empty<byte>())],
            _ => throw new ArgumentOutOfRangeException(nameof(caseName)),
        };

    [Theory]
    [MemberData(nameof(InvalidTensorCases))]
    public void Write_InvalidTensor_ThrowsBeforeWritingAnyByte(string caseName, string fragment)
    {
        using var stream = new MemoryStream();

        var exception = Assert.Throws<ArgumentException>(() => SafetensorsFormat.Write(stream, InvalidTensors(caseName)));

        Assert.Contains(fragment, exception.Message);
        Assert.Contains("Tensor \"", exception.Message);
        Assert.Equal(0, stream.Length);
    }

    [Theory]
    [MemberData(nameof(InvalidTensorCases))]
    public void WriteFile_InvalidTensor_LeavesExistingFileByteForByteUnchanged(string caseName, string fragment)
    {
        string path = _directory.File(FileName);
        SafetensorsFormat.WriteFile(path, [("kept", SafetensorsDType.I32, [4], SafetensorsBytes.Pattern(16, seed: 7))]);
        byte[] before = File.ReadAllBytes(path);

        var exception = Assert.Throws<ArgumentException>(() => SafetensorsFormat.WriteFile(path, InvalidTensors(caseName)));

        Assert.Contains(fragment, exception.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void WriteFile_FailingDuringWrite_LeavesExistingFileAndNoTemporaryFile()
    {
        string path = _directory.File(FileName);
        SafetensorsFormat.WriteFile(path, [("kept", SafetensorsDType.U8, [3], new byte[] { 1, 2, 3 })]);
        byte[] before = File.ReadAllBytes(path);
        // Its length passes validation, but reading its bytes fails after the temporary file has been begun.
        ReadOnlyMemory<byte> unreadable = new UnreadableMemory(length: 4).Memory;

        Assert.Throws<IOException>(() => SafetensorsFormat.WriteFile(path,
            [("fine", SafetensorsDType.U8, [4], new byte[4]), ("unreadable", SafetensorsDType.U8, [4], unreadable)]));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void WriteFile_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        string path = _directory.File(FileName);
        byte[] newData = SafetensorsBytes.Pattern(8, seed: 11);
        SafetensorsFormat.WriteFile(path, [("old", SafetensorsDType.U8, [3], new byte[] { 1, 2, 3 })]);

        SafetensorsFormat.WriteFile(path, [("new", SafetensorsDType.F64, [], newData)]);

        SafetensorsTensorData tensor = Assert.Single(SafetensorsFormat.ReadAll(path).Tensors);
        Assert.Equal("new", tensor.Name);
        Assert.Equal(newData, tensor.Data);
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void WriteFile_RelativePath_WritesIntoCurrentDirectory()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, _directory.File(FileName));

        SafetensorsFormat.WriteFile(relative, [("w", SafetensorsDType.I8, [2], new byte[] { 0xFF, 0x01 })]);

        Assert.Equal([0xFF, 0x01], Assert.Single(SafetensorsFormat.ReadAll(_directory.File(FileName)).Tensors).Data);
    }

    /// <summary>Memory whose bytes cannot be read: stands in for a disk error in the middle of a write.</summary>
    private sealed class UnreadableMemory(int length) : MemoryManager<byte>
    {
        public override Memory<byte> Memory => CreateMemory(length);

        public override Span<byte> GetSpan() => throw new IOException("Simulated failure while reading tensor data.");

        public override MemoryHandle Pin(int elementIndex = 0) => throw new IOException("Simulated failure while pinning tensor data.");

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
