using System.Collections.Concurrent;
using NeuroThermo.Experiments;
using Spectre.Console;

namespace NeuroThermo.Cli;

/// <summary>
/// Progress as live bars on a terminal (Spectre.Console): description, bar, percentage, rate and time left.
/// Log lines go through Spectre's console, which prints them above the bars.
/// </summary>
internal sealed class SpectreProgressReporter : ProgressReporter
{
    private readonly ProgressContext context;
    private readonly ConcurrentDictionary<int, string> units;

    private SpectreProgressReporter(ProgressContext context, ConcurrentDictionary<int, string> units)
    {
        this.context = context;
        this.units = units;
    }

    /// <summary>Shows live progress while <paramref name="work"/> runs.</summary>
    public static Task<T> RunAsync<T>(Func<ProgressReporter, Task<T>> work)
    {
        var units = new ConcurrentDictionary<int, string>();
        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RateColumn(task => units.GetValueOrDefault(task.Id, "steps")),
                new RemainingTimeColumn())
            .StartAsync(context => work(new SpectreProgressReporter(context, units)));
    }

    /// <inheritdoc/>
    public override ProgressTracker Start(string description, long total, long completed = 0, string unit = "steps")
    {
        Validate(description, total, completed, unit);
        // The bar covers the work still to do: a task that starts part-way would count the units done before
        // it as done in no time, and show a rate and ETA that are far off for a while.
        string label = completed > 0 ? $"{description} (from {completed}/{total})" : description;
        if (completed == total)
        {
            // Nothing left to do (a finished run resumed): a full bar, not a bar of length zero.
            var done = context.AddTask(Markup.Escape(label), autoStart: true, maxValue: 1);
            done.Value = 1;
            return new Tracker(done, completed - 1);
        }
        var task = context.AddTask(Markup.Escape(label), autoStart: true, maxValue: total - completed);
        units[task.Id] = unit;
        return new Tracker(task, completed);
    }

    /// <inheritdoc/>
    public override void WriteLine(string line) => AnsiConsole.WriteLine(line);

    private sealed class Tracker(ProgressTask task, long startedFrom) : ProgressTracker
    {
        public override void Report(long completed) => task.Value = completed - startedFrom;

        public override void Dispose() => task.StopTask();
    }
}
