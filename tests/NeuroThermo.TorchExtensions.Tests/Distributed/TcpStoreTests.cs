using NeuroThermo.TorchExtensions.Distributed;

namespace NeuroThermo.TorchExtensions.Tests.Distributed;

/// <summary>The rendezvous store between a master and a client on loopback.</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class TcpStoreTests
{
    /// <summary>For the one test that waits for its timeout; the others use the loopback ranks' generous one.</summary>
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void SetGetAddContains_AreSeenByEveryClient()
    {
        using var master = new TcpStore("127.0.0.1", 0, isMaster: true, LoopbackRanks.Timeout);
        using var client = new TcpStore("127.0.0.1", master.Port, isMaster: false, LoopbackRanks.Timeout);
        Assert.False(client.Contains("run"));
        master.Set("run", "runs/lm-ü");
        Assert.True(client.Contains("run"));
        Assert.Equal("runs/lm-ü", client.Get("run"));
        Assert.Equal(1, master.Add("joined", 1));
        Assert.Equal(4, client.Add("joined", 3));
        Assert.Equal("4", master.Get("joined")); // a counter reads as its decimal value
    }

    [Fact]
    public async Task Get_WaitsForAKeyAnotherClientSetsLater()
    {
        using var master = new TcpStore("127.0.0.1", 0, isMaster: true, LoopbackRanks.Timeout);
        using var client = new TcpStore("127.0.0.1", master.Port, isMaster: false, LoopbackRanks.Timeout);
        var later = Task.Run(() =>
        {
            Thread.Sleep(100);
            master.Set("late", "here");
        });
        Assert.Equal("here", client.Get("late"));
        await later;
    }

    [Fact]
    public void Get_KeyNeverSet_TimesOutNamingTheKey()
    {
        using var master = new TcpStore("127.0.0.1", 0, isMaster: true, ShortTimeout);
        var error = Assert.Throws<TimeoutException>(() => master.Get("missing"));
        Assert.Equal($"The rendezvous store at 127.0.0.1:{master.Port} had no value for 'missing' within 1 s.", error.Message);
    }

    [Fact]
    public void Add_OnAValueThatIsNotACounter_IsRefused()
    {
        using var master = new TcpStore("127.0.0.1", 0, isMaster: true, LoopbackRanks.Timeout);
        master.Set("name", "lm");
        var error = Assert.Throws<InvalidOperationException>(() => master.Add("name", 1));
        Assert.Contains("holds a value that is not a counter", error.Message);
    }

    [Fact]
    public void Client_AfterTheMasterStopped_FailsAtOnceNamingTheStore()
    {
        var master = new TcpStore("127.0.0.1", 0, isMaster: true, LoopbackRanks.Timeout);
        using var client = new TcpStore("127.0.0.1", master.Port, isMaster: false, LoopbackRanks.Timeout);
        client.Set("before", "1");
        master.Dispose();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<IOException>(() => client.Set("after", "1"));
        Assert.Equal($"The rendezvous store at 127.0.0.1:{master.Port} closed the connection.", error.Message);
        Assert.True(clock.Elapsed < LoopbackRanks.Timeout / 2, $"the client took {clock.Elapsed} to notice");
    }
}
