using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NeuroThermo.Tests.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Cli.Tests.Process;

/// <summary>
/// Ranks of a loopback run as real processes: <c>--nproc</c> supervising them, and ranks joined by hand with
/// <c>--rank/--world-size/--master</c>, one of which is killed.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class DistributedProcessTests : IDisposable
{
    /// <summary>The rendezvous and collective timeout the ranks are given: short, so that a failing test ends soon.</summary>
    private const int TimeoutSeconds = 15;

    /// <summary>Start-up (runtime, libtorch, tokenizer) comes on top of the timeout on a loaded machine.</summary>
    private static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(60);

    private readonly TempConfigDirectory dir = new();

    public void Dispose() => dir.Dispose();

    private string Runs => Path.Combine(dir.Path, "runs");

    private string Config(int steps)
    {
        dir.Write("corpus.txt", string.Concat(Enumerable.Repeat("to be or not to be, that is the question\n%\n", 60)));
        dir.Write("corpus.json", """{ "path": "corpus.txt", "documentSeparator": "%" }""");
        return dir.Write("lm.json", $$"""
            {"kind": "lm.train", "corpus": "corpus.json", "contextLength": 8, "embeddingSize": 8, "layerCount": 1,
             "headCount": 2, "batchSize": 4, "steps": {{steps}}, "warmupSteps": 1, "evalEvery": {{steps}}, "evalBatches": 1,
             "logEvery": 1, "checkpointEvery": 5, "sampleTokens": 5}
            """);
    }

    private static string[] Rank(int rank, int world, int port) =>
        ["--rank", rank.ToString(CultureInfo.InvariantCulture), "--world-size", world.ToString(CultureInfo.InvariantCulture),
         "--master", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--timeout", TimeoutSeconds.ToString(CultureInfo.InvariantCulture)];

    [Fact]
    public void Nproc_TwoRanksTrainToTheEnd_AndOnlyRank0WritesTheRun()
    {
        using var supervisor = CliProcess.Start("run", Config(steps: 10), "--out", Runs, "--nproc", "2", "--timeout", $"{TimeoutSeconds}");
        var result = supervisor.WaitForExit(StartupAllowance + TimeSpan.FromSeconds(2 * TimeoutSeconds));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[rank 1] ", result.Out);
        string run = Assert.Single(Directory.GetDirectories(Runs));
        var records = MetricsFile.Read(Path.Combine(run, "metrics.jsonl")).Records;
        Assert.Equal(10, records.Count(r => r.Values.ContainsKey("loss")));
        Assert.All(records.Where(r => r.Values.ContainsKey("loss")), r => Assert.InRange(r.Values["allreduce_share"], 0, 1));
    }

    [Fact]
    public void KilledRank_MakesThePeerExitWithinTheTimeoutNamingIt()
    {
        string config = Config(steps: 1_000_000);
        int port = FreePort();
        using var rank0 = CliProcess.Start(["run", config, "--out", Runs, .. Rank(0, 2, port)]);
        using var rank1 = CliProcess.Start(["run", config, "--out", Path.Combine(dir.Path, "unused"), .. Rank(1, 2, port)]);
        Assert.True(rank0.WaitUntil(() => MetricsLines(Runs) > 2, StartupAllowance), "the ranks never trained");

        rank1.KillHard();
        var result = rank0.WaitForExit(TimeSpan.FromSeconds(TimeoutSeconds));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("with rank 1 failed on rank 0", result.Error);
    }

    [Fact]
    public void Nproc_WhenARankIsKilled_StopsTheOthersAndNamesIt()
    {
        using var supervisor = CliProcess.Start("run", Config(steps: 1_000_000), "--out", Runs, "--nproc", "2", "--timeout", $"{TimeoutSeconds}");
        Assert.True(supervisor.WaitUntil(() => MetricsLines(Runs) > 2, StartupAllowance), "the ranks never trained");
        var children = Children(supervisor.Id);
        int rank1 = children.Single(pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains("--rank\01\0", StringComparison.Ordinal));

        using (var victim = System.Diagnostics.Process.GetProcessById(rank1))
            victim.Kill();
        var result = supervisor.WaitForExit(TimeSpan.FromSeconds(TimeoutSeconds));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Rank 1 (pid {rank1}) was killed by signal 9; the other ranks were stopped.", result.Error);
        Assert.All(children, pid => Assert.False(Alive(pid), $"worker {pid} outlived the supervisor"));
    }

    [Fact]
    public void DisagreeingWorldSizes_AreOneSentenceOnEachRank()
    {
        string config = Config(steps: 5);
        int port = FreePort();
        using var rank0 = CliProcess.Start(["run", config, "--out", Runs, .. Rank(0, 2, port)]);
        using var rank1 = CliProcess.Start(["run", config, "--out", Runs, .. Rank(1, 3, port)]);
        var first = rank0.WaitForExit(StartupAllowance);
        var second = rank1.WaitForExit(StartupAllowance);

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("Rank 0 was started with a world size of 2 but rank 1 with 3", first.Error);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("rank 1", second.Error, StringComparison.OrdinalIgnoreCase);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int MetricsLines(string runs)
    {
        if (!Directory.Exists(runs))
            return 0;
        var file = Directory.GetFiles(runs, "metrics.jsonl", SearchOption.AllDirectories).FirstOrDefault();
        try
        {
            return file is null ? 0 : File.ReadAllLines(file).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<int> Children(int pid) => Directory.GetDirectories($"/proc/{pid}/task")
        .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Distinct().ToList();

    private static bool Alive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
