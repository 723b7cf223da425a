using System.Net;
using System.Net.Sockets;
using NeuroThermo.TorchExtensions.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Distributed;

/// <summary>The collectives between loopback ranks, and the rendezvous failures a user can cause, as clear errors in bounded time.</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class ProcessGroupTests
{
    private const int Ranks = 2;

    /// <summary>How much later than its timeout a collective may give up on a loaded machine and still count as bounded.</summary>
    private static readonly TimeSpan TimeoutSlack = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void AllReduce_SumAddsAndAverageMeansEveryRanksTensor(int ranks)
    {
        var results = LoopbackRanks.Run(ranks, group =>
        {
            using var scope = NewDisposeScope();
            double own = group.Rank + 1; // rank r holds r + 1
            var sum = tensor(new[] { own, 10 * own });
            var mean = tensor(new[] { own, 10 * own });
            group.AllReduce(sum, ReduceOp.Sum);
            group.AllReduce(mean, ReduceOp.Average);
            return (Sum: sum.data<double>().ToArray(), Mean: mean.data<double>().ToArray());
        });
        double total = ranks * (ranks + 1) / 2.0; // 1 + 2 + … + ranks
        foreach (var (sum, mean) in results)
        {
            Assert.Equal(new[] { total, 10 * total }, sum);
            Assert.Equal(new[] { total / ranks, 10 * total / ranks }, mean);
        }
    }

    [Fact]
    public void AllReduce_Float32Int64AndFloat16_SumInTheirOwnDtype()
    {
        var results = LoopbackRanks.Run(3, group =>
        {
            using var scope = NewDisposeScope();
            var single = full(new long[] { 5 }, group.Rank + 0.5f, ScalarType.Float32);
            var counts = tensor(new long[] { group.Rank, 1L << 40 });
            var half = full(new long[] { 3 }, group.Rank + 1, ScalarType.Float16);
            group.AllReduce(single);
            group.AllReduce(counts);
            group.AllReduce(half, ReduceOp.Average);
            return (Single: single.data<float>().ToArray(), Counts: counts.data<long>().ToArray(), Half: half.to(ScalarType.Float32).data<float>().ToArray(),
                half.dtype);
        });
        foreach (var (single, counts, half, halfType) in results)
        {
            Assert.All(single, v => Assert.Equal(4.5f, v)); // 0.5 + 1.5 + 2.5, exact in float32
            Assert.Equal(new long[] { 3, 3L << 40 }, counts);
            Assert.All(half, v => Assert.Equal(2f, v));     // (1 + 2 + 3) / 3
            Assert.Equal(ScalarType.Float16, halfType);
        }
    }

    [Fact]
    public void Broadcast_OverwritesEveryRankWithTheRootsTensor()
    {
        var results = LoopbackRanks.Run(Ranks, group =>
        {
            using var scope = NewDisposeScope();
            double own = group.Rank + 7;
            var values = tensor(new[] { own, own, own });
            group.Broadcast(values, root: 1);
            return values.data<double>().ToArray();
        });
        Assert.All(results, r => Assert.Equal(new[] { 8.0, 8.0, 8.0 }, r));
    }

    [Fact]
    public void AllGather_ReturnsEveryRanksTensorInRankOrder()
    {
        var results = LoopbackRanks.Run(Ranks, group =>
        {
            using var scope = NewDisposeScope();
            var gathered = group.AllGather(tensor(new long[] { group.Rank, 100 + group.Rank }));
            return gathered.Select(t => t.data<long>().ToArray()).ToArray();
        });
        foreach (var gathered in results)
        {
            Assert.Equal(new long[] { 0, 100 }, gathered[0]);
            Assert.Equal(new long[] { 1, 101 }, gathered[1]);
        }
    }

    [Fact]
    public void Barrier_ReturnsOnlyAfterEveryRankArrived()
    {
        int arrived = 0;
        var seen = LoopbackRanks.Run(Ranks, group =>
        {
            if (group.Rank == 1)
            {
                Thread.Sleep(200); // rank 0 reaches the barrier first and must wait
                Interlocked.Increment(ref arrived);
            }
            group.Barrier();
            return Volatile.Read(ref arrived);
        });
        Assert.Equal(1, seen[0]);
    }

    [Fact]
    public void Create_WorldOfOne_RunsEveryCollectiveLocally()
    {
        using var group = ProcessGroup.Create(LoopbackRanks.At(port: 0, rank: 0, worldSize: 1));
        using var scope = NewDisposeScope();
        var values = tensor(new[] { 1.5, -2.0 });
        group.AllReduce(values, ReduceOp.Average);
        group.Broadcast(values);
        group.Barrier();
        var gathered = group.AllGather(values);
        Assert.Equal(new[] { 1.5, -2.0 }, values.data<double>().ToArray());
        Assert.Equal(new[] { 1.5, -2.0 }, Assert.Single(gathered).data<double>().ToArray());
        Assert.NotEqual(0, group.Rendezvous.MasterPort); // the port rank 0 picked
    }

    [Fact]
    public void Collectives_TensorsGlooCannotTake_AreArgumentErrors()
    {
        using var group = ProcessGroup.Create(LoopbackRanks.At(port: 0, rank: 0, worldSize: 1));
        using var scope = NewDisposeScope();
        var average = Assert.Throws<ArgumentException>(() => group.AllReduce(tensor(new long[] { 1, 2 }), ReduceOp.Average));
        Assert.StartsWith("An average over ranks needs a floating-point tensor; this one is Int64.", average.Message);
        var strided = Assert.Throws<ArgumentException>(() => group.AllReduce(ones(3, 4).t()));
        Assert.StartsWith("AllReduce needs a contiguous tensor", strided.Message);
        Assert.Throws<ArgumentException>(() => group.AllReduce(tensor(new[] { true })));
        Assert.Equal("root", Assert.Throws<ArgumentOutOfRangeException>(() => group.Broadcast(ones(2), root: 1)).ParamName);
    }

    [Fact]
    public void Create_WorldSizesThatDisagree_FailWithBothSizesNamed()
    {
        int port = LoopbackRanks.FreePort();
        var errors = LoopbackRanks.RunEach(Ranks, rank =>
            Assert.Throws<DistributedException>(() => ProcessGroup.Create(LoopbackRanks.At(port, rank, worldSize: rank == 0 ? 2 : 3))).Message);
        Assert.Contains("world size of 2 but rank 1 with 3", errors[0]);
        Assert.Contains("world size of 3 but rank 0 with 2", errors[1]);
    }

    [Fact]
    public void Create_RankOutsideTheWorld_IsAnArgumentError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ProcessGroup.Create(LoopbackRanks.At(LoopbackRanks.FreePort(), rank: 2, worldSize: 2)));
        Assert.Equal("Rank", error.ParamName);
    }

    [Fact]
    public void Create_MasterPortTaken_NamesTheAddress()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var error = Assert.Throws<DistributedException>(() => ProcessGroup.Create(LoopbackRanks.At(port, rank: 0, worldSize: 1)));
        Assert.StartsWith($"Rank 0 cannot host the rendezvous at 127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public void Create_MissingRank_NamesItAfterTheTimeout()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var error = Assert.Throws<DistributedException>(() =>
            ProcessGroup.Create(LoopbackRanks.At(LoopbackRanks.FreePort(), rank: 0, worldSize: 2, timeout)));
        Assert.Contains("rank 1 of a world of 2 did not join", error.Message);
    }

    [Fact]
    public void Create_MasterNotThere_NamesTheAddressAfterTheTimeout()
    {
        int port = LoopbackRanks.FreePort();
        var error = Assert.Throws<DistributedException>(() =>
            ProcessGroup.Create(LoopbackRanks.At(port, rank: 1, worldSize: 2, TimeSpan.FromSeconds(1))));
        Assert.StartsWith($"Rank 1 cannot reach the rendezvous at 127.0.0.1:{port} within 1 s", error.Message);
    }

    [Fact]
    public void Create_TwoWorkersWithTheSameRank_AreRefused()
    {
        int port = LoopbackRanks.FreePort();
        var timeout = TimeSpan.FromSeconds(2);
        int[] ranks = [0, 1, 1];
        var errors = LoopbackRanks.RunEach(ranks.Length, worker =>
        {
            if (worker > 0)
                Thread.Sleep(100 * worker); // rank 0 hosts the store first; the two rank 1s arrive one after the other
            var error = Record.Exception(() => ProcessGroup.Create(LoopbackRanks.At(port, ranks[worker], worldSize: 3, timeout)).Dispose());
            return error?.Message ?? "";
        });
        Assert.Contains(errors, e => e.StartsWith("Rank 1 joined the rendezvous at 127.0.0.1:", StringComparison.Ordinal) && e.Contains("twice"));
        Assert.Contains("rank 2 of a world of 3 did not join", errors[0]);
    }

    [Fact]
    public void AllReduce_AfterThePeerLeft_FailsNamingTheOperationAndThePeer()
    {
        int port = LoopbackRanks.FreePort();
        var errors = LoopbackRanks.RunEach(Ranks, rank =>
        {
            using var group = ProcessGroup.Create(LoopbackRanks.At(port, rank, Ranks, TimeSpan.FromSeconds(5)));
            group.Barrier();
            if (rank == 1)
                return ""; // leaves: its sockets close when the group is disposed
            Thread.Sleep(200);
            using var scope = NewDisposeScope();
            return Assert.Throws<DistributedException>(() => group.AllReduce(ones(4))).Message;
        });
        Assert.StartsWith("allreduce with rank 1 failed on rank 0", errors[0]);
    }

    [Fact]
    public void AllReduce_PeerThatNeverCalls_FailsWhenTheTimeoutIsUp()
    {
        int port = LoopbackRanks.FreePort();
        var timeout = TimeSpan.FromSeconds(2);
        var outcomes = LoopbackRanks.RunEach(Ranks, rank =>
        {
            using var group = ProcessGroup.Create(LoopbackRanks.At(port, rank, Ranks, timeout));
            if (rank == 1)
            {
                Thread.Sleep(timeout + TimeoutSlack); // alive, connected, and silent until rank 0 has given up
                return (Message: "", Waited: TimeSpan.Zero);
            }
            using var scope = NewDisposeScope();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            string message = Assert.Throws<DistributedException>(() => group.AllReduce(ones(4))).Message;
            return (Message: message, Waited: clock.Elapsed);
        });
        Assert.StartsWith("allreduce with rank 1 failed on rank 0: Timed out", outcomes[0].Message);
        Assert.InRange(outcomes[0].Waited, timeout - TimeSpan.FromMilliseconds(100), timeout + TimeoutSlack);
    }

    [Fact]
    public void Create_PeerThatJoinedButNeverConnects_IsNamedAfterTheTimeout()
    {
        int port = LoopbackRanks.FreePort();
        var timeout = TimeSpan.FromSeconds(2);
        var errors = LoopbackRanks.RunEach(Ranks, worker =>
        {
            if (worker == 0)
                return Assert.Throws<DistributedException>(() => ProcessGroup.Create(LoopbackRanks.At(port, rank: 0, Ranks, timeout))).Message;
            // Rank 1 passes the membership check (the keys RendezvousMembers writes) and then stops, as a worker that
            // died between the check and Gloo's connection would.
            Thread.Sleep(200);
            using var store = new TcpStore("127.0.0.1", port, isMaster: false, LoopbackRanks.Timeout);
            store.Add("neurothermo/joined/1", 1);
            store.Set("neurothermo/world-size/1", "2");
            Thread.Sleep(timeout + TimeoutSlack);
            return "";
        });
        Assert.Equal($"Rank 0: rank 1 did not publish its Gloo address at the rendezvous at 127.0.0.1:{port} within 2 s.", errors[0]);
    }
}
