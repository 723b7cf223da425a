using System.Text;
using NeuroThermo.IO;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Training;

public sealed class MetricsLogTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nt-metrics-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string File(string name = "metrics.jsonl") => Path.Combine(directory, name);

    [Fact]
    public void Write_AppendsOneCompleteLinePerRecord_StepFirst_VisibleAtOnce()
    {
        using var log = MetricsLog.Open(File());
        log.Write(1, ("loss", 0.5), ("accuracy", 0.25));
        // Read while the log is still open: each line must already be in the file.
        Assert.Equal("{\"step\":1,\"loss\":0.5,\"accuracy\":0.25}\n", System.IO.File.ReadAllText(File()));
        log.Write(2, ("loss", 0.125));
        Assert.Equal(2, System.IO.File.ReadAllLines(File()).Length);
    }

    [Fact]
    public void NonFiniteValues_AreWrittenAsNull_AndReadBackAsNaN()
    {
        using (var log = MetricsLog.Open(File()))
            log.Write(3, ("loss", double.NaN), ("energy", double.PositiveInfinity));
        Assert.Equal("{\"step\":3,\"loss\":null,\"energy\":null}\n", System.IO.File.ReadAllText(File()));
        var record = Assert.Single(MetricsFile.Read(File()).Records);
        Assert.True(double.IsNaN(record.Values["loss"]));
    }

    [Theory]
    [InlineData("step")]
    [InlineData("")]
    public void ReservedOrEmptyName_IsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => MetricsLog.FormatLine(1, [(name, 1.0)]));
    }

    [Fact]
    public void RepeatedName_IsRejected() =>
        Assert.Throws<ArgumentException>(() => MetricsLog.FormatLine(1, [("loss", 1.0), ("loss", 2.0)]));

    [Fact]
    public void Read_RoundTripsValuesExactly_InFileOrder()
    {
        double[] values = [0.1, 1.0 / 3, 1e-300, -2.5e10];
        using (var log = MetricsLog.Open(File()))
        {
            for (int i = 0; i < values.Length; i++)
                log.Write(i * 10, ("v", values[i]));
        }
        var history = MetricsFile.Read(File());
        Assert.Equal([0L, 10, 20, 30], history.Records.Select(r => r.Step));
        Assert.Equal(values, history.Series("v").Values);
        Assert.False(history.TornLastLine);
    }

    [Fact]
    public void Read_MissingFile_IsEmpty() => Assert.Empty(MetricsFile.Read(File("absent.jsonl")).Records);

    [Theory]
    [InlineData("{\"step\":3,\"loss\":0.")]
    [InlineData("{")]
    [InlineData("{\"step\":3,\"loss\":0.5}")] // complete JSON, but without its newline it may still be growing
    public void Read_TornLastLine_IsSkippedAndReported(string torn)
    {
        System.IO.File.WriteAllText(File(), "{\"step\":1,\"loss\":1}\n{\"step\":2,\"loss\":0.5}\n" + torn);
        var history = MetricsFile.Read(File());
        Assert.True(history.TornLastLine);
        Assert.Equal([1L, 2], history.Records.Select(r => r.Step));
    }

    [Theory]
    [InlineData("{\"step\":2,\"loss\":}", "line 2")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"loss\":1}", "\"step\"")]
    [InlineData("{\"step\":1.5}", "\"step\"")]
    public void Read_MalformedCompleteLine_NamesFileAndLine(string line, string fragment)
    {
        System.IO.File.WriteAllText(File(), "{\"step\":1,\"loss\":1}\n" + line + "\n{\"step\":3,\"loss\":1}\n");
        var error = Assert.Throws<CorruptFileException>(() => MetricsFile.Read(File()));
        Assert.Contains(File(), error.Message);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void Read_IgnoresNonNumericValues_AndBlankLines()
    {
        System.IO.File.WriteAllText(File(), "{\"step\":1,\"loss\":1,\"phase\":\"warm-up\"}\n\n");
        var record = Assert.Single(MetricsFile.Read(File()).Records);
        Assert.Equal(["loss"], record.Values.Keys);
    }

    [Fact]
    public void KeepThrough_DropsLaterRecordsAndATornLine_ThenAppendingContinuesCleanly()
    {
        System.IO.File.WriteAllText(File(), "{\"step\":5,\"loss\":1}\n{\"step\":10,\"loss\":2}\n{\"step\":15,\"loss\":3}\n{\"step\":20,");

        Assert.Equal(1, MetricsFile.KeepThrough(File(), lastStep: 10));
        using (var log = MetricsLog.Open(File()))
            log.Write(15, ("loss", 4));

        var history = MetricsFile.Read(File());
        Assert.False(history.TornLastLine);
        Assert.Equal([(5L, 1.0), (10L, 2.0), (15L, 4.0)], history.Records.Select(r => (r.Step, r.Values["loss"])));
    }

    [Fact]
    public void KeepThrough_LeavesAnIntactFileUntouched()
    {
        string text = "{\"step\":5,\"loss\":1}\n";
        System.IO.File.WriteAllText(File(), text);
        var written = System.IO.File.GetLastWriteTimeUtc(File());
        Assert.Equal(0, MetricsFile.KeepThrough(File(), lastStep: 5));
        Assert.Equal(text, System.IO.File.ReadAllText(File(), Encoding.UTF8));
        Assert.Equal(written, System.IO.File.GetLastWriteTimeUtc(File()));
    }
}
