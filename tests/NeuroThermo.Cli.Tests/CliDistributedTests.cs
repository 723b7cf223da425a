using System.Net;
using System.Net.Sockets;
using NeuroThermo.Tests.Experiments;

namespace NeuroThermo.Cli.Tests;

/// <summary>The distributed options of <c>run</c>, in-process: usage mistakes are exit code 2, a taken port is a failure (1).</summary>
public sealed class CliDistributedTests : IDisposable
{
    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private string Runs => Path.Combine(dir.Path, "runs");

    private string Config => dir.Write("smoke.json", """{"kind": "smoke.mlp", "steps": 2}""");

    [Theory]
    [InlineData(new[] { "--rank", "0" }, "needs all of --rank, --world-size and --master")]
    [InlineData(new[] { "--rank", "2", "--world-size", "2", "--master", "127.0.0.1:29500" }, "--rank must be in [0, 2) for --world-size 2, got 2")]
    [InlineData(new[] { "--rank", "0", "--world-size", "1", "--master", "127.0.0.1" }, "'127.0.0.1' is not a master address of the form ADDR:PORT")]
    [InlineData(new[] { "--nproc", "2", "--rank", "0" }, "cannot be combined with --rank")]
    [InlineData(new[] { "--nproc", "0" }, "--nproc must be at least 1, got 0")]
    [InlineData(new[] { "--nproc", "2", "--timeout", "0" }, "--timeout must be at least 1 second, got 0")]
    public async Task InconsistentOptions_ExitWith2_AndWriteNothing(string[] options, string expected)
    {
        var result = await CliHost.RunAsync(["run", Config, "--out", Runs, .. options]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public async Task MasterPortTaken_FailsWithOneSentenceNamingTheAddress()
    {
        using var occupant = new TcpListener(IPAddress.Any, 0);
        occupant.Start();
        int port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await CliHost.RunAsync(["run", Config, "--out", Runs, "--rank", "0", "--world-size", "1", "--master", $"127.0.0.1:{port}", "--timeout", "5"]);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.StartsWith($"The run failed: Rank 0 cannot host the rendezvous at 127.0.0.1:{port} (is the port taken by another run?)", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Runs));
    }
}
