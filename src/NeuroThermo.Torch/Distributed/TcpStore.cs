using System.Text;
using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch.Distributed;

/// <summary>
/// c10d's TCP key-value store: rank 0 hosts it, every rank (rank 0 included) is a client. Ranks publish their
/// addresses in it to find each other, and small values (a run directory, a world size) to agree on.
/// </summary>
public sealed class TcpStore : IDisposable
{
    private IntPtr _handle;

    /// <summary>Hosts the store (<paramref name="isMaster"/>) or connects to it; both wait at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TorchException">The port is taken, or the master cannot be reached in time; libtorch's message.</exception>
    public TcpStore(string host, int port, bool isMaster, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        NativeMethods.Check(NativeMethods.nt_store_new(host, port, isMaster ? 1 : 0, (long)Math.Ceiling(timeout.TotalMilliseconds), out _handle));
    }

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(TcpStore));

    /// <summary>The port the store listens on (the one a master started on port 0 picked).</summary>
    public unsafe int Port
    {
        get
        {
            int port;
            NativeMethods.Check(NativeMethods.nt_store_port(Handle, &port));
            return port;
        }
    }

    /// <summary>Sets <paramref name="key"/> to a UTF-8 string.</summary>
    public unsafe void Set(string key, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* b = bytes)
            NativeMethods.Check(NativeMethods.nt_store_set(Handle, key, b, bytes.Length));
    }

    /// <summary>The value of <paramref name="key"/>, waiting for it up to the store's timeout.</summary>
    public unsafe string Get(string key)
    {
        var buffer = new byte[256];
        while (true)
        {
            long length;
            fixed (byte* b = buffer)
                NativeMethods.Check(NativeMethods.nt_store_get(Handle, key, b, buffer.Length, &length));
            if (length <= buffer.Length)
                return Encoding.UTF8.GetString(buffer, 0, (int)length);
            buffer = new byte[length];
        }
    }

    /// <summary>Adds <paramref name="delta"/> to the counter <paramref name="key"/> (0 when new) and returns the sum.</summary>
    public unsafe long Add(string key, long delta)
    {
        long value;
        NativeMethods.Check(NativeMethods.nt_store_add(Handle, key, delta, &value));
        return value;
    }

    /// <summary>Whether <paramref name="key"/> is set, without waiting.</summary>
    public unsafe bool Contains(string key)
    {
        int present;
        NativeMethods.Check(NativeMethods.nt_store_check(Handle, key, &present));
        return present != 0;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    ~TcpStore() => Release();

    private void Release()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) NativeMethods.nt_store_free(handle);
    }
}
