using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using static NeuroThermo.TorchExtensions.Distributed.StoreProtocol;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// The rendezvous key-value store: rank 0 hosts it, every rank (rank 0 included) is a client. Ranks publish their
/// addresses in it to find each other, and small values (a run directory, a world size) to agree on.
/// </summary>
/// <remarks>
/// A master whose host is a loopback address (127.x, ::1, "localhost") listens on loopback only; any other master
/// listens on every address of its machine, as the host name it was given may resolve to any of them. Calls are
/// safe from several threads; each waits for its answer.
/// </remarks>
public sealed class TcpStore : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);   // between attempts to reach a master not yet up
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);    // between looks for a key Get waits for

    private readonly TcpStoreServer? _server;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly object _gate = new();
    private readonly string _address;
    private bool _disposed;

    /// <summary>Hosts the store (<paramref name="isMaster"/>) or connects to it; both wait at most <paramref name="timeout"/>.</summary>
    /// <exception cref="IOException">The master cannot listen on the port (it is taken, or the host is not this machine's).</exception>
    /// <exception cref="TimeoutException">Nothing accepted a connection at the address within the timeout.</exception>
    public TcpStore(string host, int port, bool isMaster, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Timeout = timeout;
        if (isMaster)
        {
            try
            {
                _server = TcpStoreServer.Start(ListenAddress(host), port);
            }
            catch (SocketException e)
            {
                throw new IOException($"Cannot host a rendezvous store at {Endpoint(host, port)}: {e.Message}.", e);
            }
            port = _server.Port;
        }
        _address = Endpoint(host, port);
        try
        {
            _socket = Connect(host, port, timeout, _address);
        }
        catch
        {
            _server?.Dispose();
            throw;
        }
        _stream = new NetworkStream(_socket, ownsSocket: true);
        Port = port;
    }

    /// <summary>The port the store listens on (the one a master started on port 0 picked).</summary>
    public int Port { get; }

    /// <summary>How long <see cref="Get"/> waits for a key, and any call for the store's answer.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Sets <paramref name="key"/> to a UTF-8 string.</summary>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        SetBytes(key, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The value of <paramref name="key"/>, waiting for it up to the store's timeout.</summary>
    /// <exception cref="TimeoutException">The key was not set within the timeout.</exception>
    public string Get(string key) => Encoding.UTF8.GetString(GetBytes(key, Timeout));

    /// <summary>Adds <paramref name="delta"/> to the counter <paramref name="key"/> (0 when new) and returns the sum.</summary>
    public long Add(string key, long delta)
    {
        var (status, value) = Call(Operation.Add, key, Int64(delta));
        return status == Status.Ok && value.Length == 8
            ? BinaryPrimitives.ReadInt64LittleEndian(value)
            : throw Unexpected(status, value);
    }

    /// <summary>Whether <paramref name="key"/> is set, without waiting.</summary>
    public bool Contains(string key)
    {
        var (status, value) = Call(Operation.Check, key, []);
        return status switch
        {
            Status.Found => true,
            Status.Missing => false,
            _ => throw Unexpected(status, value),
        };
    }

    internal void SetBytes(string key, ReadOnlySpan<byte> value)
    {
        var (status, answer) = Call(Operation.Set, key, value);
        if (status != Status.Ok)
            throw Unexpected(status, answer);
    }

    /// <summary>The value of <paramref name="key"/>, waiting up to <paramref name="timeout"/> for it.</summary>
    internal byte[] GetBytes(string key, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, value) = Call(Operation.TryGet, key, []);
            if (status == Status.Found)
                return value;
            if (status != Status.Missing)
                throw Unexpected(status, value);
            if (clock.Elapsed >= timeout)
                throw new TimeoutException($"The rendezvous store at {_address} had no value for '{key}' within {Seconds(timeout)}.");
            Thread.Sleep(PollInterval);
        }
    }

    /// <summary>Returns when every one of <paramref name="keys"/> is set, waiting up to <paramref name="timeout"/> in all.</summary>
    internal void Wait(IEnumerable<string> keys, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        foreach (var key in keys)
        {
            while (!Contains(key))
            {
                if (clock.Elapsed >= timeout)
                    throw new TimeoutException($"The rendezvous store at {_address} had no value for '{key}' within {Seconds(timeout)}.");
                Thread.Sleep(PollInterval);
            }
        }
    }

    // One request and its answer; a connection that failed stays failed.
    private (Status Status, byte[] Value) Call(Operation operation, string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = Request(operation, key, value);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _stream.Write(request);
                var prefix = new byte[5];
                _stream.ReadExactly(prefix);
                var answer = new byte[Length(prefix.AsSpan(1), MaxValueBytes)];
                _stream.ReadExactly(answer);
                return ((Status)prefix[0], answer);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut })
            {
                throw new TimeoutException($"The rendezvous store at {_address} did not answer within {Seconds(Timeout)}.", e);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                throw new IOException($"The rendezvous store at {_address} closed the connection.", e);
            }
        }
    }

    private Exception Unexpected(Status status, byte[] value) => status == Status.Refused
        ? new InvalidOperationException($"The rendezvous store at {_address} refused the request: {Encoding.UTF8.GetString(value)}.")
        : new IOException($"The rendezvous store at {_address} answered with an unexpected status {(byte)status}.");

    // A master not up yet refuses the connection; the client tries again until the timeout.
    private static Socket Connect(string host, int port, TimeSpan timeout, string address)
    {
        var clock = Stopwatch.StartNew();
        SocketException? last = null;
        while (true)
        {
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
                throw new TimeoutException(
                    $"Nothing accepted a connection at {address} within {Seconds(timeout)}{(last is null ? "" : $": {last.Message}")}.", last);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var attempt = new CancellationTokenSource(remaining);
                socket.ConnectAsync(host, port, attempt.Token).AsTask().GetAwaiter().GetResult();
                int milliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
                socket.ReceiveTimeout = milliseconds;
                socket.SendTimeout = milliseconds;
                return socket;
            }
            catch (SocketException e)
            {
                last = e;
                socket.Dispose();
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                continue; // the time is up; the next turn says so
            }
            Thread.Sleep(TimeSpan.FromTicks(Math.Min(RetryInterval.Ticks, Math.Max(0, (timeout - clock.Elapsed).Ticks))));
        }
    }

    /// <summary>Whether <paramref name="host"/> names this machine's loopback (127.x, ::1 or "localhost").</summary>
    internal static bool IsLoopback(string host) =>
        IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip) || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);

    private static IPAddress ListenAddress(string host)
    {
        if (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))
            return ip;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return IPAddress.Loopback;
        return Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;
    }

    internal static string Endpoint(string host, int port) => host.Contains(':', StringComparison.Ordinal)
        ? $"[{host}]:{port.ToString(CultureInfo.InvariantCulture)}"
        : $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";

    internal static string Seconds(TimeSpan timeout) => string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");

    /// <summary>Closes the connection; a master also stops its server, which closes every other rank's connection.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _stream.Dispose();
        }
        _server?.Dispose();
    }
}
