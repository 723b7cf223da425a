using System.Text;
using NeuroThermo.IO;

namespace NeuroThermo.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neurothermo-atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] FilesInDirectory() =>
        Directory.GetFiles(_directory).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void WriteAllText_OverLongerFile_ReplacesItCompletely()
    {
        string path = Path.Combine(_directory, "report.txt");
        File.WriteAllText(path, new string('x', 10_000));

        AtomicFile.WriteAllText(path, "short");

        Assert.Equal("short", File.ReadAllText(path));
        Assert.Equal(["report.txt"], FilesInDirectory());
    }

    [Fact]
    public void WriteAllText_WritesUtf8WithoutByteOrderMark()
    {
        string path = Path.Combine(_directory, "label.txt");
        const string Text = "β = 1/T";

        AtomicFile.WriteAllText(path, Text);

        Assert.Equal(new UTF8Encoding(false).GetBytes(Text), File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteAllBytes_NewFile_HasExactBytesAndNoTempFileRemains()
    {
        string path = Path.Combine(_directory, "data.bin");
        byte[] bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

        AtomicFile.WriteAllBytes(path, bytes);

        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(["data.bin"], FilesInDirectory());
    }

    [Fact]
    public void Write_WhenWriterThrows_KeepsOldContentAndRemovesTempFile()
    {
        string path = Path.Combine(_directory, "plot.svg");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, but incompl"u8);
            throw new InvalidOperationException("simulated failure mid-write");
        }));

        Assert.Equal("simulated failure mid-write", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["plot.svg"], FilesInDirectory());
    }

    [Fact]
    public void Write_ConcurrentWriters_LeaveOneCompleteVersion()
    {
        const int Writers = 8;
        const int BytesPerVersion = 200_000;
        string path = Path.Combine(_directory, "shared.bin");

        Parallel.For(0, Writers, w => AtomicFile.WriteAllBytes(path, Enumerable.Repeat((byte)w, BytesPerVersion).ToArray()));

        byte[] final = File.ReadAllBytes(path);
        Assert.Equal(BytesPerVersion, final.Length);
        Assert.All(final, b => Assert.Equal(final[0], b));
        Assert.Equal(["shared.bin"], FilesInDirectory());
    }

    [Fact]
    public void WriteAllText_MissingDirectory_ThrowsNamingIt()
    {
        string missing = Path.Combine(_directory, "no-such-dir");

        var error = Assert.Throws<DirectoryNotFoundException>(
            () => AtomicFile.WriteAllText(Path.Combine(missing, "a.txt"), "text"));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void WriteAllText_PathIsDirectory_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => AtomicFile.WriteAllText(_directory, "text"));

        Assert.Equal("path", error.ParamName);
    }

    [Fact]
    public void TemporaryFile_IsRecognised_AndSweptWhenAWriterDiedBeforeItsRename()
    {
        string path = Path.Combine(_directory, "latest.json");
        string? temp = null;
        AtomicFile.Write(path, stream =>
        {
            temp = Directory.GetFiles(_directory).Single();
            stream.WriteByte((byte)'x');
        });
        Assert.True(AtomicFile.IsTemporaryFileName(Path.GetFileName(temp!)));
        Assert.False(AtomicFile.IsTemporaryFileName("latest.json"));
        Assert.False(AtomicFile.IsTemporaryFileName(".latest.json.tmp"));

        File.WriteAllText(temp!, "{\"st"); // what a kill between write and rename leaves
        Directory.CreateDirectory(Path.Combine(_directory, "sub"));
        string nested = Path.Combine(_directory, "sub", $".x.png.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(nested, "");

        Assert.Equal([nested, temp!], AtomicFile.SweepTemporaryFiles(_directory).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(["latest.json"], FilesInDirectory());
    }
}
