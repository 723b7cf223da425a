using System.Runtime.InteropServices;
using NeuroThermo.TorchExtensions.Native;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// The rendezvous store as Gloo's connectFullMesh sees it (distributed.cpp's RendezvousStore calls these back on
/// the thread that called <c>nt_dist_connect</c>). Gloo's keys are kept under "gloo/", apart from the ranks' own.
/// A callback never lets an exception out: it keeps it as a <see cref="DistributedException"/> naming the rank and
/// what failed, returns non-zero, and <see cref="Failure"/> is what the caller throws.
/// </summary>
internal sealed unsafe class GlooStoreBridge : IDisposable
{
    private const string KeyPrefix = "gloo/";

    private readonly TcpStore _store;
    private readonly Rendezvous _rendezvous;
    private GCHandle _self;

    public GlooStoreBridge(TcpStore store, Rendezvous rendezvous)
    {
        _store = store;
        _rendezvous = rendezvous;
        _self = GCHandle.Alloc(this);
    }

    /// <summary>The first failure of a callback, as the sentence to throw.</summary>
    public DistributedException? Failure { get; private set; }

    /// <summary>The table distributed.cpp calls; valid until this bridge is disposed.</summary>
    public DistributedNative.StoreCallbacks Callbacks => new()
    {
        State = GCHandle.ToIntPtr(_self),
        Set = &SetCallback,
        Get = &GetCallback,
        Wait = &WaitCallback,
    };

    [UnmanagedCallersOnly]
    private static int SetCallback(IntPtr state, byte* key, byte* data, long length) =>
        Run(state, key, bridge => bridge._store.SetBytes(KeyPrefix + Name(key), new ReadOnlySpan<byte>(data, checked((int)length))));

    // Gloo's get waits for the key; it asks again with a larger buffer when the value did not fit.
    [UnmanagedCallersOnly]
    private static int GetCallback(IntPtr state, byte* key, byte* buffer, long capacity, long* length) =>
        Run(state, key, bridge =>
        {
            var value = bridge._store.GetBytes(KeyPrefix + Name(key), bridge._rendezvous.Timeout);
            *length = value.Length;
            if (value.Length <= capacity)
                value.CopyTo(new Span<byte>(buffer, value.Length));
        });

    [UnmanagedCallersOnly]
    private static int WaitCallback(IntPtr state, byte** keys, long count, long timeoutMs) =>
        Run(state, count > 0 ? keys[0] : null, bridge =>
        {
            var names = new string[count];
            for (long i = 0; i < count; i++)
                names[i] = KeyPrefix + Name(keys[i]);
            bridge._store.Wait(names, TimeSpan.FromMilliseconds(timeoutMs));
        });

    private static int Run(IntPtr state, byte* key, Action<GlooStoreBridge> call)
    {
        var bridge = (GlooStoreBridge)GCHandle.FromIntPtr(state).Target!;
        try
        {
            call(bridge);
            return DistributedNative.Ok;
        }
        catch (Exception e)
        {
            bridge.Failure ??= bridge.Describe(e, key is null ? "" : Name(key));
            return DistributedNative.StoreFailed;
        }
    }

    // connectFullMesh publishes each rank's host name under "rank_R" and its pair addresses under "R"; a missing one
    // means that rank stopped between the membership check and connecting.
    private DistributedException Describe(Exception error, string key)
    {
        int rank = _rendezvous.Rank;
        string address = _rendezvous.Address;
        if (error is TimeoutException && int.TryParse(key.StartsWith("rank_", StringComparison.Ordinal) ? key[5..] : key, out int peer))
            return new DistributedException(
                $"Rank {rank}: rank {peer} did not publish its Gloo address at the rendezvous at {address} within {TcpStore.Seconds(_rendezvous.Timeout)}.", error);
        return new DistributedException($"Rank {rank} lost the rendezvous at {address} while connecting to its peers: {ProcessGroup.Reason(error)}.", error);
    }

    private static string Name(byte* key) => Marshal.PtrToStringUTF8((IntPtr)key) ?? "";

    public void Dispose()
    {
        if (_self.IsAllocated)
            _self.Free();
    }
}
