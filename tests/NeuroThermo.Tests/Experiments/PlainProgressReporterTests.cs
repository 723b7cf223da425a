using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

public sealed class PlainProgressReporterTests
{
    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }

    [Fact]
    public void PrintsAtMostOneLinePerInterval_WithRateAndEta_AndAFinalLine()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var reporter = new PlainProgressReporter(output, TimeSpan.FromSeconds(5), clock);
        using (var tracker = reporter.Start("training", 300))
        {
            for (int step = 1; step <= 300; step++)
            {
                clock.Advance(TimeSpan.FromSeconds(0.1)); // 10 steps/s
                tracker.Report(step);
            }
        }

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length); // at 5, 10, 15, 20 and 25 s, then the end
        Assert.Equal("training: 50/300 steps (17%), 10.0 steps/s, ETA 0:25", lines[0]);
        Assert.Equal("training: 300/300 steps (100%), 10.0 steps/s (done)", lines[^1]);
    }

    [Fact]
    public void ResumedWork_CountsOnlyTheUnitsDoneSinceTheStart()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var tracker = new PlainProgressReporter(output, TimeSpan.Zero, clock).Start("sweeps", 1000, completed: 900, unit: "sweeps");
        clock.Advance(TimeSpan.FromSeconds(2));
        tracker.Report(950);
        tracker.Dispose();
        Assert.StartsWith("sweeps: 950/1000 sweeps (95%), 25.0 sweeps/s, ETA 0:02", output.ToString());
        Assert.Contains("(stopped)", output.ToString());
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59.2, "1:00")]
    [InlineData(3725, "1:02:05")]
    public void FormatDuration_ReadsLikeAClock(double seconds, string expected) =>
        Assert.Equal(expected, PlainProgressReporter.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Start_RejectsImpossibleCounts()
    {
        var reporter = new PlainProgressReporter(TextWriter.Null, TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => reporter.Start("x", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => reporter.Start("x", 10, completed: 11));
    }
}
