using System.Net;
using System.Net.Sockets;
using NeuroThermo.Torch.Distributed;

namespace NeuroThermo.Torch.Tests.Distributed;

public sealed class ProcessGroupTests
{
    private const int Ranks = 2;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void AllReduce_SumAddsAndAverageMeansEveryRanksTensor(int ranks)
    {
        var results = LoopbackRanks.Run(ranks, group =>
        {
            using var scope = torch.NewDisposeScope();
            double own = group.Rank + 1; // rank r holds r + 1
            var sum = torch.tensor(new[] { own, 10 * own });
            var mean = torch.tensor(new[] { own, 10 * own });
            group.AllReduce(sum, ReduceOp.Sum);
            group.AllReduce(mean, ReduceOp.Average);
            return (Sum: sum.ToArray<double>(), Mean: mean.ToArray<double>());
        });
        double total = ranks * (ranks + 1) / 2.0; // 1 + 2 + … + ranks
        foreach (var (sum, mean) in results)
        {
            Assert.Equal(new[] { total, 10 * total }, sum);
            Assert.Equal(new[] { total / ranks, 10 * total / ranks }, mean);
        }
    }

    [Fact]
    public void Broadcast_OverwritesEveryRankWithTheRootsTensor()
    {
        var results = LoopbackRanks.Run(Ranks, group =>
        {
            using var scope = torch.NewDisposeScope();
            double own = group.Rank + 7;
            var tensor = torch.tensor(new[] { own, own, own });
            group.Broadcast(tensor, root: 1);
            return tensor.ToArray<double>();
        });
        Assert.All(results, r => Assert.Equal(new[] { 8.0, 8.0, 8.0 }, r));
    }

    [Fact]
    public void AllGather_ReturnsEveryRanksTensorInRankOrder()
    {
        var results = LoopbackRanks.Run(Ranks, group =>
        {
            using var scope = torch.NewDisposeScope();
            var gathered = group.AllGather(torch.tensor(new long[] { group.Rank, 100 + group.Rank }));
            return gathered.Select(t => t.ToArray<long>()).ToArray();
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
        using var occupant = new TcpListener(IPAddress.Any, 0);
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
            using var scope = torch.NewDisposeScope();
            return Assert.Throws<DistributedException>(() => group.AllReduce(torch.ones(4))).Message;
        });
        Assert.StartsWith("allreduce with rank 1 failed on rank 0", errors[0]);
    }
}
