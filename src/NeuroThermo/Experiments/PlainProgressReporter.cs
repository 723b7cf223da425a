using System.Globalization;

namespace NeuroThermo.Experiments;

/// <summary>
/// Progress as plain lines on a writer, for output that is not a terminal (a log file, CI, a pipe): one
/// line at most every <see cref="Interval"/> and one when the work ends, such as
/// <c>training: 150/300 steps (50%), 212.4 steps/s, ETA 0:01</c>.
/// </summary>
public sealed class PlainProgressReporter : ProgressReporter
{
    private readonly TextWriter writer;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();

    /// <summary>Writes to <paramref name="writer"/>; <paramref name="clock"/> is for tests.</summary>
    public PlainProgressReporter(TextWriter writer, TimeSpan interval, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        this.writer = writer;
        this.clock = clock ?? TimeProvider.System;
        Interval = interval;
    }

    /// <summary>The least time between two progress lines of one tracker.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc/>
    public override ProgressTracker Start(string description, long total, long completed = 0, string unit = "steps")
    {
        Validate(description, total, completed, unit);
        return new Tracker(this, description, total, completed, unit);
    }

    /// <inheritdoc/>
    public override void WriteLine(string line)
    {
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <summary>"1:02:03" or "2:03": hours only when needed, as people read a remaining time.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        long seconds = (long)Math.Ceiling(Math.Max(0, duration.TotalSeconds));
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:D2}:{seconds % 60:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:D2}");
    }

    private sealed class Tracker(PlainProgressReporter owner, string description, long total, long alreadyDone, string unit) : ProgressTracker
    {
        private readonly long startTime = owner.clock.GetTimestamp();
        private readonly long startedFrom = alreadyDone;
        private long completed = alreadyDone;
        private long lastLine = owner.clock.GetTimestamp();
        private bool disposed;

        public override void Report(long completed)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(completed);
            this.completed = Math.Min(completed, total);
            long now = owner.clock.GetTimestamp();
            // The final state is printed by Dispose, so reaching the total prints nothing here.
            if (owner.clock.GetElapsedTime(lastLine, now) < owner.Interval || this.completed == total)
                return;
            lastLine = now;
            owner.WriteLine(Line(now));
        }

        public override void Dispose()
        {
            if (disposed)
                return;
            disposed = true;
            owner.WriteLine(Line(owner.clock.GetTimestamp()) + (completed < total ? " (stopped)" : " (done)"));
        }

        private string Line(long now)
        {
            var elapsed = owner.clock.GetElapsedTime(startTime, now);
            double rate = elapsed > TimeSpan.Zero ? (completed - startedFrom) / elapsed.TotalSeconds : 0;
            string speed = rate > 0 ? string.Create(CultureInfo.InvariantCulture, $", {rate:F1} {unit}/s") : "";
            string eta = rate > 0 && completed < total ? $", ETA {FormatDuration(TimeSpan.FromSeconds((total - completed) / rate))}" : "";
            double percent = 100.0 * completed / total;
            return string.Create(CultureInfo.InvariantCulture, $"{description}: {completed}/{total} {unit} ({percent:F0}%){speed}{eta}");
        }
    }
}
