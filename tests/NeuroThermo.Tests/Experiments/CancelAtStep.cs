using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>Acts as Ctrl+C arriving while the given step runs: cancels as soon as that step is reported.</summary>
internal sealed class CancelAtStep(long step, CancellationTokenSource source) : ProgressReporter
{
    public override ProgressTracker Start(string description, long total, long completed = 0, string unit = "steps") => new Tracker(step, source);

    public override void WriteLine(string line)
    {
    }

    private sealed class Tracker(long step, CancellationTokenSource source) : ProgressTracker
    {
        public override void Report(long completed)
        {
            if (completed == step)
                source.Cancel();
        }

        public override void Dispose()
        {
        }
    }
}
