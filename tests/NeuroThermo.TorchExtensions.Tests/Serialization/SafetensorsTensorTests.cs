using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.TorchExtensions.Tests.Serialization;

public sealed class SafetensorsTensorTests
{
    public static TheoryData<ScalarType> DTypes => new(
        ScalarType.Float64, ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool);

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Tensors_RoundTripBitExactly(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(11);
        var source = (torch.randn([3, 5], torch.float64, generator: generator) * 50).to(dtype);
        var empty = torch.zeros([0, 4], dtype);
        var path = Path.Combine(Path.GetTempPath(), $"nt-{dtype}-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, [new("a", source), new("empty", empty)], new Dictionary<string, string> { ["note"] = "x" });
            var (loaded, metadata) = Safetensors.LoadWithMetadata(path);
            Assert.Equal("x", metadata["note"]);
            Assert.Equal(new[] { "a", "empty" }, loaded.Keys.ToArray());
            var a = loaded["a"];
            Assert.Equal(dtype, a.dtype);
            Assert.Equal(source.shape, a.shape);
            // Compare the raw bytes through a same-width integer view, so NaN payloads count too.
            Assert.Equal(Bytes(source), Bytes(a));
            Assert.Equal(new long[] { 0, 4 }, loaded["empty"].shape);
            foreach (var t in loaded.Values) t.Dispose();
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The raw bytes of the storage, so NaN payloads and float16/bfloat16 bit patterns count too.
    private static byte[] Bytes(Tensor t)
    {
        using var contiguous = t.contiguous();
        return contiguous.bytes.ToArray();
    }

    [Fact]
    public void CorruptCheckpoint_LeavesTheModuleUntouchedAndNamesTheFile()
    {
        using var scope = torch.NewDisposeScope();
        using var model = SeededLayers.Linear(2, 2, generator: new Generator(1));
        var before = model.weight!.clone();
        var path = Path.Combine(Path.GetTempPath(), $"nt-bad-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            var error = Assert.Throws<SafetensorsFormatException>(() => model.load_safetensors(path));
            Assert.Contains(path, error.Message);
            Assert.True(model.weight!.eq(before).all().item<bool>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
