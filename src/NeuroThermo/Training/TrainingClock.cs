using System.Diagnostics;

namespace NeuroThermo.Training;

/// <summary>
/// Wall-clock time of training steps alone, between laps: evaluation and checkpoint writing run inside
/// <see cref="Pause"/>, so that ms/step, tokens/s and FLOP/s describe the optimizer steps and nothing else.
/// </summary>
public sealed class TrainingClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _lapStep;

    /// <summary>A clock whose first lap starts now, at step <paramref name="step"/>.</summary>
    public TrainingClock(long step) => _lapStep = step;

    /// <summary>Steps and training seconds since the previous lap (or the start); starts the next lap.</summary>
    public (long Steps, double Seconds) Lap(long step)
    {
        var lap = (step - _lapStep, _watch.Elapsed.TotalSeconds);
        _lapStep = step;
        _watch.Restart();
        return lap;
    }

    /// <summary>Stops the clock until the returned handle is disposed.</summary>
    public IDisposable Pause()
    {
        _watch.Stop();
        return new Resumer(_watch);
    }

    private sealed class Resumer(Stopwatch watch) : IDisposable
    {
        public void Dispose() => watch.Start();
    }
}
