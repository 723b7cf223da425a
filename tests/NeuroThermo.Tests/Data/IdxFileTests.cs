using System.IO.Compression;
using NeuroThermo.Data;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nt-idx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = Path.Combine(_directory, name);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return path;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
        return path;
    }

    private static byte[] Idx(byte type, int[] shape, byte[] data)
    {
        var bytes = new List<byte> { 0, 0, type, (byte)shape.Length };
        foreach (var s in shape) bytes.AddRange([(byte)(s >> 24), (byte)(s >> 16), (byte)(s >> 8), (byte)s]);
        bytes.AddRange(data);
        return [.. bytes];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ValidFile_ReadsShapeAndBytes(bool gzip)
    {
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();
        var array = IdxFile.Read(Write("a.idx", Idx(0x08, [2, 3, 4], data), gzip));
        Assert.Equal(new[] { 2, 3, 4 }, array.Shape);
        Assert.Equal(data, array.Data);
        Assert.Equal(12, array.ItemSize);
    }

    [Fact]
    public void WrongMagic_IsRejectedNamingTheMagicNumber()
    {
        var path = Write("bad.idx", [0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5]);
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic number 0x12340801", error.Message);
    }

    [Fact]
    public void UnsupportedElementType_IsRejected()
    {
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(Write("f.idx", Idx(0x0d, [1], [0, 0, 0, 0]))));
        Assert.Contains("element type 0x0d", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedData_IsRejectedWithBothSizes(bool gzip)
    {
        var path = Write("short.idx", Idx(0x08, [10, 4], new byte[25]), gzip);
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("need 40 data bytes but it holds 25", error.Message);
    }

    [Fact]
    public void TruncatedDimensions_AreRejected()
    {
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(Write("dims.idx", [0, 0, 0x08, 3, 0, 0, 0, 2])));
        Assert.Contains("ends inside its list of 3 dimension sizes", error.Message);
    }

    [Fact]
    public void HugeDeclaredSize_IsRejectedWithoutAllocatingIt()
    {
        // Two billion one-byte items declared, five present: must fail as truncated, quickly.
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(Write("huge.idx", Idx(0x08, [2_000_000_000], new byte[5]))));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TrailingBytes_AreRejected()
    {
        var error = Assert.Throws<IdxFormatException>(() => IdxFile.Read(Write("long.idx", Idx(0x08, [2], [1, 2, 3]))));
        Assert.Contains("bytes after the 2", error.Message);
    }

    [Fact]
    public void ImageAndLabelCountMismatch_IsRejectedNamingBothFiles()
    {
        var images = Write("img.idx", Idx(0x08, [3, 2, 2], new byte[12]));
        var labels = Write("lbl.idx", Idx(0x08, [4], [0, 1, 2, 3]));
        var error = Assert.Throws<IdxFormatException>(() => ImageDataset.Load(images, labels));
        Assert.Contains("3 images but 4 labels", error.Message);
        Assert.Contains(images, error.Message);
        Assert.Contains(labels, error.Message);
    }

    [Fact]
    public void ImageDataset_ScalesPixelsAndKeepsLabels()
    {
        var images = Write("img.idx", Idx(0x08, [2, 1, 2], [0, 255, 51, 102]));
        var labels = Write("lbl.idx", Idx(0x08, [2], [3, 1]));
        using var dataset = ImageDataset.Load(images, labels);
        Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, dataset.Images.ToArray<float>());
        Assert.Equal(new long[] { 3, 1 }, dataset.Labels.ToArray<long>());
        Assert.Equal(4, dataset.Classes);
    }

    [Fact]
    public void FashionMnist_FromDebianPackage_HasTheKnownSizes()
    {
        using var test = ImageDataset.FashionMnist(train: false);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(784, test.Images.size(1));
        Assert.Equal(10, test.Classes);
    }
}
