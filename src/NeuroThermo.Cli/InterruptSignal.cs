using System.Runtime.InteropServices;

namespace NeuroThermo.Cli;

/// <summary>
/// Turns the first SIGINT (Ctrl+C) or SIGTERM into a cancellation, so that the run finishes its current
/// step, saves a checkpoint and its metrics and exits with 130; a second signal ends the process at once.
/// </summary>
/// <remarks>System.CommandLine's own handling is switched off in favour of this one because it gives the
/// action only a fixed grace period before ending the process, and saving a checkpoint of a large model
/// can take longer.</remarks>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly TextWriter error;
    private readonly PosixSignalRegistration[] registrations;

    public InterruptSignal(TextWriter error)
    {
        this.error = error;
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        foreach (var registration in registrations)
            registration.Dispose();
        source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (source.IsCancellationRequested)
            return; // the second signal takes its default action and ends the process
        context.Cancel = true;
        error.WriteLine("Interrupted: finishing the current step, then saving a checkpoint and the metrics (interrupt again to stop at once).");
        source.Cancel();
    }
}
