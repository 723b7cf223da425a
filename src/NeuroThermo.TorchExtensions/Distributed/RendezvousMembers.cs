using System.Diagnostics;
using System.Globalization;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// The check every rank makes at the store before Gloo connects anything: all ranks of the world have joined, each
/// once, and all were started with the same world size. A disagreement is reported at once, a missing rank by
/// number when the timeout is up.
/// </summary>
internal static class RendezvousMembers
{
    private const string KeyPrefix = "neurothermo/";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MismatchGrace = TimeSpan.FromSeconds(5);   // how long rank 0 keeps the store up for peers to see a mismatch

    // Each rank counts itself in and publishes its world size; then every rank waits for all of them, comparing the
    // world sizes as they arrive.
    public static void Check(Rendezvous rendezvous, TcpStore store)
    {
        int rank = rendezvous.Rank, world = rendezvous.WorldSize;
        string worldText = world.ToString(CultureInfo.InvariantCulture);
        try
        {
            if (store.Add($"{KeyPrefix}joined/{rank}", 1) > 1)
                throw new DistributedException(
                    $"Rank {rank} joined the rendezvous at {rendezvous.Address} twice: two workers were started with the same rank.");
            store.Set($"{KeyPrefix}world-size/{rank}", worldText);
            var pending = Enumerable.Range(0, world).ToList();
            var clock = Stopwatch.StartNew();
            while (pending.Count > 0)
            {
                foreach (var peer in pending.ToArray())
                {
                    string key = $"{KeyPrefix}world-size/{peer}";
                    if (!store.Contains(key))
                        continue;
                    string theirs = store.Get(key);
                    if (theirs != worldText)
                    {
                        var largestWorld = int.TryParse(theirs, CultureInfo.InvariantCulture, out var other) ? Math.Max(world, other) : world;
                        LetPeersSeeTheMismatch(rendezvous, store, largestWorld);
                        throw new DistributedException(
                            $"Rank {rank} was started with a world size of {world} but rank {peer} with {theirs}; start every rank with the same --world-size.");
                    }
                    pending.Remove(peer);
                }
                if (pending.Count == 0)
                    break;
                if (clock.Elapsed > rendezvous.Timeout)
                    throw new DistributedException(
                        $"Rank {rank}: rank{(pending.Count > 1 ? "s" : "")} {string.Join(", ", pending)} of a world of {world} did not join the rendezvous at {rendezvous.Address} within {TcpStore.Seconds(rendezvous.Timeout)}.");
                Thread.Sleep(PollInterval);
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            throw new DistributedException($"Rank {rank} lost the rendezvous at {rendezvous.Address}: {ProcessGroup.Reason(e)}.", e);
        }
    }

    // Rank 0 hosts the store, and its failure takes the store down with it: before it throws, it waits (briefly) until
    // every other rank that published a world size has seen the mismatch too, so that each names the disagreement
    // instead of reporting a lost rendezvous. The others mark that they have seen it.
    private static void LetPeersSeeTheMismatch(Rendezvous rendezvous, TcpStore store, int largestWorld)
    {
        store.Set($"{KeyPrefix}mismatch-seen/{rendezvous.Rank}", "1");
        if (rendezvous.Rank != 0)
            return;
        var clock = Stopwatch.StartNew();
        var waiting = Enumerable.Range(1, Math.Max(0, largestWorld - 1)).Where(r => store.Contains($"{KeyPrefix}world-size/{r}")).ToList();
        while (waiting.Count > 0 && clock.Elapsed < MismatchGrace)
        {
            waiting.RemoveAll(r => store.Contains($"{KeyPrefix}mismatch-seen/{r}"));
            if (waiting.Count > 0)
                Thread.Sleep(PollInterval);
        }
    }
}
