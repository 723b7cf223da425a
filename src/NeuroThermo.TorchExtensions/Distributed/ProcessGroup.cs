using System.Net.Sockets;
using NeuroThermo.TorchExtensions.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// The ranks of one run, connected by Gloo's TCP transport after a rendezvous at rank 0's <see cref="TcpStore"/>.
/// Collectives run in place on contiguous CPU tensors and return when done on this rank; they fail with a
/// <see cref="DistributedException"/> naming the operation and the ranks when a peer dies or does not answer within
/// the rendezvous timeout.
/// </summary>
/// <remarks>Collectives must be called in the same order on every rank, from one thread per process group.</remarks>
public sealed unsafe class ProcessGroup : IDisposable
{
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
            RendezvousMembers.Check(rendezvous, store);
            var group = new ProcessGroup(rendezvous, store, Connect(rendezvous, store));
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
            return new TcpStore(rendezvous.MasterAddress, rendezvous.MasterPort, master, rendezvous.Timeout);
        }
        catch (IOException e) when (master)
        {
            throw new DistributedException(
                $"Rank 0 cannot host the rendezvous at {rendezvous.Address} (is the port taken by another run?): {Reason(e)}.", e);
        }
        catch (TimeoutException e)
        {
            throw new DistributedException(
                $"Rank {rendezvous.Rank} cannot reach the rendezvous at {rendezvous.Address} within {TcpStore.Seconds(rendezvous.Timeout)}: {Reason(e)}.", e);
        }
    }

    private static IntPtr Connect(Rendezvous rendezvous, TcpStore store)
    {
        using var bridge = new GlooStoreBridge(store, rendezvous);
        var callbacks = bridge.Callbacks;
        byte* message = stackalloc byte[DistributedNative.MessageCapacity];
        IntPtr handle;
        int status = DistributedNative.nt_dist_connect(&callbacks, rendezvous.Rank, rendezvous.WorldSize, TimeoutMs(rendezvous),
            rendezvous.Interface ?? "", rendezvous.GlooHostname, &handle, message, DistributedNative.MessageCapacity);
        return status switch
        {
            DistributedNative.Ok => handle,
            DistributedNative.StoreFailed when bridge.Failure is { } failure => throw failure,
            _ => throw new DistributedException($"{DistributedNative.Message(message).TrimEnd('.')} (rendezvous at {rendezvous.Address})."),
        };
    }

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(ProcessGroup));

    /// <summary>
    /// Replaces <paramref name="tensor"/> (contiguous, on the CPU, the same shape and dtype on every rank) by its sum or
    /// mean over ranks. Floating-point and integer dtypes can be summed, floating-point ones averaged; float16 and
    /// bfloat16 are summed in float32.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not contiguous or not on the CPU, its dtype cannot be summed,
    /// or an average is asked of an integer tensor.</exception>
    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum)
    {
        TensorMemory.Require(tensor, nameof(AllReduce), nameof(tensor));
        var dtype = tensor.dtype;
        if (op == ReduceOp.Average && !is_floating_point(tensor))
            throw new ArgumentException($"An average over ranks needs a floating-point tensor; this one is {dtype}.", nameof(tensor));
        using var noGrad = no_grad();
        if (dtype is ScalarType.Float16 or ScalarType.BFloat16)
        {
            // Gloo sums what C++ can add; the narrow types are summed in float32 and rounded once.
            using var wide = tensor.to(ScalarType.Float32);
            AllReduce(wide, op);
            tensor.copy_(wide);
            return;
        }
        var kind = KindOf(dtype) ?? throw new ArgumentException(
            $"AllReduce sums float32, float64, float16, bfloat16 and integer tensors; this one is {dtype}.", nameof(tensor));
        if (tensor.numel() > 0)
        {
            Check(status => DistributedNative.nt_dist_allreduce_sum(Handle, TensorMemory.Address(tensor), tensor.numel(), (int)kind, status,
                DistributedNative.MessageCapacity));
            GC.KeepAlive(tensor);
        }
        if (op == ReduceOp.Average && WorldSize > 1)
            tensor.div_(WorldSize);
    }

    /// <summary>Overwrites <paramref name="tensor"/> (contiguous, on the CPU) on every rank with <paramref name="root"/>'s.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="root"/> is not a rank of this group.</exception>
    public void Broadcast(Tensor tensor, int root = 0)
    {
        TensorMemory.Require(tensor, nameof(Broadcast), nameof(tensor));
        if (root < 0 || root >= WorldSize)
            throw new ArgumentOutOfRangeException(nameof(root), root, $"the root must be a rank in [0, {WorldSize})");
        if (tensor.numel() == 0)
            return;
        Check(status => DistributedNative.nt_dist_broadcast(Handle, TensorMemory.Address(tensor), TensorMemory.Bytes(tensor), root, status,
            DistributedNative.MessageCapacity));
        GC.KeepAlive(tensor);
    }

    /// <summary>Returns when every rank has called it.</summary>
    public void Barrier() => Check(status => DistributedNative.nt_dist_barrier(Handle, status, DistributedNative.MessageCapacity));

    /// <summary>Every rank's <paramref name="tensor"/>, in rank order (same shape and dtype on every rank).</summary>
    /// <remarks>The results are views of one block of memory, (world size, ...tensor's shape), one per rank.</remarks>
    public Tensor[] AllGather(Tensor tensor)
    {
        TensorMemory.Require(tensor, nameof(AllGather), nameof(tensor));
        using var scope = NewDisposeScope();
        var gathered = empty([WorldSize, .. tensor.shape], tensor.dtype); // (W, ...)
        if (tensor.numel() > 0)
        {
            Check(status => DistributedNative.nt_dist_allgather(Handle, TensorMemory.Address(tensor), TensorMemory.Address(gathered),
                TensorMemory.Bytes(tensor), status, DistributedNative.MessageCapacity));
            GC.KeepAlive(tensor);
        }
        var result = new Tensor[WorldSize];
        for (int rank = 0; rank < WorldSize; rank++)
            result[rank] = gathered[rank].MoveToOuterDisposeScope(); // (W, ...) -> (...): rank's part, a view
        return result;
    }

    private static DistributedNative.ElementKind? KindOf(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => DistributedNative.ElementKind.Float32,
        ScalarType.Float64 => DistributedNative.ElementKind.Float64,
        ScalarType.Int8 => DistributedNative.ElementKind.Int8,
        ScalarType.Byte => DistributedNative.ElementKind.UInt8,
        ScalarType.Int16 => DistributedNative.ElementKind.Int16,
        ScalarType.Int32 => DistributedNative.ElementKind.Int32,
        ScalarType.Int64 => DistributedNative.ElementKind.Int64,
        _ => null,
    };

    private delegate int NativeCall(byte* message);

    private static void Check(NativeCall call)
    {
        byte* message = stackalloc byte[DistributedNative.MessageCapacity];
        if (call(message) != DistributedNative.Ok)
            throw new DistributedException(DistributedNative.Message(message).TrimEnd('.') + ".");
    }

    private static long TimeoutMs(Rendezvous rendezvous) => (long)Math.Ceiling(rendezvous.Timeout.TotalMilliseconds);

    /// <summary>Why a store call failed, as the end of a sentence: the socket's reason when there is one.</summary>
    internal static string Reason(Exception error) => error switch
    {
        { InnerException: SocketException socket } => socket.Message,
        TimeoutException => "the store did not answer in time",
        IOException => "the store closed the connection",
        _ => error.Message.TrimEnd('.'),
    };

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
        _store.Dispose();
    }

    // The native group holds sockets and Gloo's event-loop thread; a group that was never disposed frees them here.
    ~ProcessGroup() => Release();

    private void Release()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero)
            DistributedNative.nt_dist_free(handle);
    }
}
