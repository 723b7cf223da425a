using System.Diagnostics;

namespace NeuroThermo.Cli.Tests.Process;

/// <summary>
/// The built command run as a child process, for what only a real process shows: signals and kills. The
/// apphost is copied next to the test assembly because this project references the command's project.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private const string Python = "/usr/bin/python3";

    // A shell that starts the tests in the background leaves SIGINT ignored, children inherit that, and .NET
    // leaves an inherited "ignore" alone. python3 restores the default and then becomes the command (exec),
    // keeping the process id, so that `kill -INT` reaches it as Ctrl+C would.
    private const string WithDefaultSigint =
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])";

    private readonly System.Diagnostics.Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;

    private CliProcess(System.Diagnostics.Process process)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync();
        error = process.StandardError.ReadToEndAsync();
    }

    public static string Executable { get; } = Path.Combine(AppContext.BaseDirectory, "NeuroThermo.Cli");

    public int Id => process.Id;

    public static CliProcess Start(params string[] args)
    {
        Assert.True(File.Exists(Executable), $"The command was not built next to the tests: {Executable}");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in new[] { "-c", WithDefaultSigint, Executable }.Concat(args))
            start.ArgumentList.Add(argument);
        return new CliProcess(System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}."));
    }

    /// <summary>Sends SIGKILL: the process dies at once, in whatever it was doing.</summary>
    public void KillHard()
    {
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to end by itself; returns its exit code and output.</summary>
    public CliResult WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            Assert.Fail($"neurothermo did not finish within {timeout.TotalSeconds} s; stdout so far: {Partial(output)}");
        }
        return new CliResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Waits until <paramref name="condition"/> holds or the process ends.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited || clock.Elapsed > timeout)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill();
        process.Dispose();
    }

    private static string Partial(Task<string> text) => text.IsCompleted ? text.Result : "(still open)";
}
