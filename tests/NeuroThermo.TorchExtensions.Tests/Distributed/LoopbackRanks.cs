using System.Net;
using System.Net.Sockets;
using NeuroThermo.TorchExtensions.Distributed;

namespace NeuroThermo.TorchExtensions.Tests.Distributed;

/// <summary>Runs ranks of one loopback world as threads of the test process, each with its own store client and group.</summary>
internal static class LoopbackRanks
{
    /// <summary>Short enough that a test whose peer is missing fails quickly, long enough for a loaded machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>A loopback port nothing listens on now (the kernel's pick for port 0, released at once).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Rendezvous At(int port, int rank, int worldSize, TimeSpan? timeout = null) => new()
    {
        MasterAddress = "127.0.0.1",
        MasterPort = port,
        Rank = rank,
        WorldSize = worldSize,
        Timeout = timeout ?? Timeout,
    };

    /// <summary>Runs <paramref name="body"/> for every rank on its own thread and returns the results in rank order.</summary>
    public static T[] Run<T>(int worldSize, Func<ProcessGroup, T> body)
    {
        int port = FreePort();
        return RunEach(worldSize, rank =>
        {
            using var group = ProcessGroup.Create(At(port, rank, worldSize));
            return body(group);
        });
    }

    /// <summary>Runs <paramref name="body"/>(rank) on one thread per rank; the first failure is rethrown.</summary>
    public static T[] RunEach<T>(int ranks, Func<int, T> body)
    {
        var tasks = Enumerable.Range(0, ranks)
            .Select(rank => Task.Factory.StartNew(() => body(rank), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        // A bounded wait: a test must fail, not hang, if a rank never returns.
        if (!Task.WaitAll(tasks, 3 * Timeout))
            throw new TimeoutException("a rank did not finish within three rendezvous timeouts");
        return tasks.Select(t => t.Result).ToArray();
    }
}
