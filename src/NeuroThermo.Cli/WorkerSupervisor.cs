using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NeuroThermo.Cli;

/// <summary>
/// <c>--nproc N</c>: starts N copies of this command as the ranks of one loopback run, forwards their output line by line
/// with a <c>[rank r]</c> prefix, and watches them. When a rank fails, the others are killed at once and the supervisor
/// exits with 1 naming the rank; an interrupt is passed on so that every rank saves its checkpoint.
/// </summary>
internal static class WorkerSupervisor
{
    private const int SigTerm = 15;

    /// <summary>Runs <paramref name="commandArguments"/> (the command without --nproc) as <paramref name="processes"/> ranks.</summary>
    public static async Task<int> RunAsync(CliEnvironment environment, int processes, IReadOnlyList<string> commandArguments, int timeoutSeconds,
        CancellationToken cancellationToken)
    {
        string master = $"127.0.0.1:{FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)}";
        // Every rank gets an equal share of the cores unless the user chose a thread count.
        string threads = Environment.GetEnvironmentVariable("OMP_NUM_THREADS")
            ?? Math.Max(1, Environment.ProcessorCount / processes).ToString(CultureInfo.InvariantCulture);
        var workers = new List<Process>();
        try
        {
            for (int rank = 0; rank < processes; rank++)
            {
                var worker = Start(environment, rank, [.. commandArguments, .. DistributedOptions.WorkerArguments(rank, processes, master, timeoutSeconds)], threads);
                workers.Add(worker);
                environment.Error.WriteLine($"started rank {rank} of {processes} (pid {worker.Id}), rendezvous at {master}");
            }
            return await WatchAsync(environment, workers, cancellationToken);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                    worker.Kill(entireProcessTree: true);
                worker.Dispose();
            }
        }
    }

    private static async Task<int> WatchAsync(CliEnvironment environment, List<Process> workers, CancellationToken cancellationToken)
    {
        var running = workers.Select((worker, rank) => (Rank: rank, Exit: worker.WaitForExitAsync(CancellationToken.None))).ToList();
        var interrupted = Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        bool forwardedInterrupt = false;
        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running.Select(r => r.Exit).Append(interrupted));
            if (finished == interrupted && !forwardedInterrupt)
            {
                // Each rank finishes its step and saves; rank 0's checkpoint is the run's.
                foreach (var alive in workers.Where(w => !w.HasExited))
                    _ = Kill(alive.Id, SigTerm);
                forwardedInterrupt = true;
                interrupted = Task.Delay(Timeout.Infinite, CancellationToken.None);
                continue;
            }
            var done = running.First(r => r.Exit == finished);
            running.Remove(done);
            var worker = workers[done.Rank];
            await worker.WaitForExitAsync(CancellationToken.None); // drains the redirected output
            if (Succeeded(worker, forwardedInterrupt))
                continue;
            // The rank that died first is the cause: its peers fail only after it, though their exits may be seen first.
            int culprit = Enumerable.Range(0, workers.Count).Where(r => workers[r].HasExited && !Succeeded(workers[r], forwardedInterrupt))
                .MinBy(r => workers[r].ExitTime);
            foreach (var other in workers.Where(w => !w.HasExited))
                other.Kill(entireProcessTree: true);
            int code = workers[culprit].ExitCode;
            environment.Error.WriteLine($"Rank {culprit} (pid {workers[culprit].Id}) {Describe(code)}; the other ranks were stopped.");
            return code == ExitCodes.Interrupted ? ExitCodes.Interrupted : ExitCodes.Failed;
        }
        return forwardedInterrupt ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    private static bool Succeeded(Process worker, bool interrupted) =>
        worker.ExitCode == ExitCodes.Success || interrupted && worker.ExitCode == ExitCodes.Interrupted;

    private static string Describe(int code) => code > 128 && code < 128 + 32
        ? $"was killed by signal {code - 128}"
        : $"exited with code {code}";

    private static Process Start(CliEnvironment environment, int rank, IEnumerable<string> arguments, string threads)
    {
        var (program, prefix) = Self();
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in prefix.Concat(arguments))
            start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = threads;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Forward(environment.Out, rank, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(environment.Error, rank, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Forward(TextWriter writer, int rank, string? line)
    {
        if (line is null)
            return;
        lock (writer)
            writer.WriteLine($"[rank {rank}] {line}");
    }

    // The apphost runs itself; under `dotnet NeuroThermo.Cli.dll` the host needs the assembly's path.
    private static (string Program, string[] Prefix) Self()
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        bool dotnet = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return dotnet ? (host, [Assembly.GetExecutingAssembly().Location]) : (host, []);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
