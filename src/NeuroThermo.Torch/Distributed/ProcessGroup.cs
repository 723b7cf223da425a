using System.Diagnostics;
using System.Globalization;
using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch.Distributed;

/// <summary>How <see cref="ProcessGroup.AllReduce"/> combines the ranks' tensors.</summary>
public enum ReduceOp
{
    /// <summary>The element-wise sum over ranks.</summary>
    Sum,

    /// <summary>The element-wise mean over ranks (floating-point tensors only).</summary>
    Average,
}

/// <summary>
/// The ranks of one run, connected by libtorch's Gloo process group (c10d) after a rendezvous at rank 0's TCP store.
/// Collectives run in place and return when done on this rank; they fail with a <see cref="DistributedException"/>
/// naming the operation and the ranks when a peer dies or does not answer within the rendezvous timeout.
/// </summary>
/// <remarks>Collectives must be called in the same order on every rank, from one thread per process group.</remarks>
public sealed class ProcessGroup : IDisposable
{
    private const string KeyPrefix = "neurothermo/";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MismatchGrace = TimeSpan.FromSeconds(5);   // how long rank 0 keeps the store up for peers to see a mismatch

    private readonly TcpStore _store;
    private IntPtr _handle;

    private ProcessGroup(Rendezvous rendezvous, TcpStore store, IntPtr handle)
    {
        Rendezvous = rendezvous;
        _store = store;
        _handle = handle;
    }

    /// <summary>The rendezvous this group was created from (its port is the bound one).</summary>
    public Rendezvous Rendezvous { get; }

    /// <summary>This process's rank.</summary>
    public int Rank => Rendezvous.Rank;

    /// <summary>The number of ranks.</summary>
    public int WorldSize => Rendezvous.WorldSize;

    /// <summary>The rendezvous store, for small values the ranks agree on.</summary>
    public TcpStore Store => _store;

    /// <summary>
    /// Joins the rendezvous: rank 0 hosts the store, every rank checks that all ranks joined with the same world size
    /// and that no rank joined twice, then Gloo connects every pair of ranks. Waits at most the rendezvous timeout.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rank is outside the world, or the world size is below 1.</exception>
    /// <exception cref="DistributedException">The master's port is taken, the master cannot be reached, ranks are missing
    /// or disagree on the world size.</exception>
    public static ProcessGroup Create(Rendezvous rendezvous)
    {
        ArgumentNullException.ThrowIfNull(rendezvous);
        rendezvous.Validate();
        var store = OpenStore(rendezvous);
        try
        {
            rendezvous = rendezvous with { MasterPort = store.Port };
            CheckMembers(rendezvous, store);
            var status = NativeMethods.nt_pg_new(store.Handle, rendezvous.Rank, rendezvous.WorldSize, TimeoutMs(rendezvous),
                rendezvous.Interface ?? "", rendezvous.GlooHostname, out var handle);
            if (status != 0)
                throw new DistributedException($"{NativeMethods.LastError().TrimEnd('.')} (rendezvous at {rendezvous.Address}).");
            var group = new ProcessGroup(rendezvous, store, handle);
            try
            {
                // Gloo can finish connecting on one rank while a peer is still completing its side; a rank that returned
                // and failed at once (a refused configuration, say) would then close its connections under that peer.
                // Returning only when every rank has connected makes Create all-or-nothing.
                group.Barrier();
            }
            catch
            {
                group.Dispose();
                throw;
            }
            return group;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static TcpStore OpenStore(Rendezvous rendezvous)
    {
        bool master = rendezvous.Rank == 0;
        try
        {
            // The master's server listens on every address; its own client, like the others, connects to MasterAddress.
            return new TcpStore(rendezvous.MasterAddress, rendezvous.MasterPort, master, rendezvous.Timeout);
        }
        catch (TorchException e)
        {
            throw new DistributedException(master
                ? $"Rank 0 cannot host the rendezvous at {rendezvous.Address} (is the port taken by another run?): {FirstLine(e.Message)}."
                : $"Rank {rendezvous.Rank} cannot reach the rendezvous at {rendezvous.Address} within {Seconds(rendezvous.Timeout)}: {FirstLine(e.Message)}.", e);
        }
    }

    // Each rank counts itself in and publishes its world size; then every rank waits for all of them, comparing the
    // world sizes as they arrive, so a mismatch is reported at once and a missing rank is named when time is up.
    private static void CheckMembers(Rendezvous rendezvous, TcpStore store)
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
                        $"Rank {rank}: rank{(pending.Count > 1 ? "s" : "")} {string.Join(", ", pending)} of a world of {world} did not join the rendezvous at {rendezvous.Address} within {Seconds(rendezvous.Timeout)}.");
                Thread.Sleep(PollInterval);
            }
        }
        catch (TorchException e)
        {
            throw new DistributedException($"Rank {rank} lost the rendezvous at {rendezvous.Address}: {FirstLine(e.Message)}.", e);
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

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(ProcessGroup));

    /// <summary>Replaces <paramref name="tensor"/> (contiguous, the same shape on every rank) by its sum or mean over ranks.</summary>
    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Check(NativeMethods.nt_pg_allreduce(Handle, tensor.Handle, op == ReduceOp.Average ? 1 : 0));
        GC.KeepAlive(tensor);
    }

    /// <summary>Overwrites <paramref name="tensor"/> on every rank with <paramref name="root"/>'s.</summary>
    public void Broadcast(Tensor tensor, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Check(NativeMethods.nt_pg_broadcast(Handle, tensor.Handle, root));
        GC.KeepAlive(tensor);
    }

    /// <summary>Returns when every rank has called it.</summary>
    public void Barrier() => Check(NativeMethods.nt_pg_barrier(Handle));

    /// <summary>Every rank's <paramref name="tensor"/>, in rank order (same shape and dtype on every rank).</summary>
    public unsafe Tensor[] AllGather(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var handles = stackalloc IntPtr[WorldSize];
        Check(NativeMethods.nt_pg_all_gather(Handle, tensor.Handle, handles));
        GC.KeepAlive(tensor);
        var result = new Tensor[WorldSize];
        for (int i = 0; i < WorldSize; i++)
            result[i] = new Tensor(handles[i]);
        return result;
    }

    private static void Check(int status)
    {
        if (status != 0)
            throw new DistributedException(NativeMethods.LastError().TrimEnd('.') + ".");
    }

    private static long TimeoutMs(Rendezvous rendezvous) => (long)Math.Ceiling(rendezvous.Timeout.TotalMilliseconds);

    private static string Seconds(TimeSpan timeout) => string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim().TrimEnd('.');

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    ~ProcessGroup() => Release();

    private void Release()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) NativeMethods.nt_pg_free(handle);
        _store.Dispose();
    }
}
