using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using static NeuroThermo.TorchExtensions.Distributed.StoreProtocol;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// The key-value server rank 0 hosts for <see cref="TcpStore"/>: a dictionary behind a listening socket, one
/// asynchronous loop per connection, every request answered at once. Disposing it closes every connection, so
/// that clients still talking to it fail at once instead of at their timeout.
/// </summary>
internal sealed class TcpStoreServer : IDisposable
{
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(2);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly HashSet<Socket> _connections = [];
    private readonly Task _accepting;

    private TcpStoreServer(Socket listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/> (0 for a free port).</summary>
    /// <exception cref="SocketException">The port is taken, or the address is not this machine's.</exception>
    public static TcpStoreServer Start(IPAddress address, int port)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
                listener.DualMode = true; // every IPv4 address too
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(backlog: 128);
            return new TcpStoreServer(listener);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stopping.Token);
                connection.NoDelay = true; // small requests, each waited for
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // disposed
            }
            lock (_connections)
            {
                if (_stopping.IsCancellationRequested)
                {
                    connection.Dispose();
                    return;
                }
                _connections.Add(connection);
            }
            _ = ServeAsync(connection);
        }
    }

    // Answers requests until the client leaves, sends garbage, or the server stops; then forgets the connection.
    private async Task ServeAsync(Socket connection)
    {
        try
        {
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            var prefix = new byte[5];
            var length = new byte[4];
            while (true)
            {
                if (!await FillAsync(stream, prefix, allowEnd: true))
                    return; // the client closed the connection between requests
                var operation = (Operation)prefix[0];
                var key = new byte[Length(prefix.AsSpan(1), MaxKeyBytes)];
                await FillAsync(stream, key, allowEnd: false);
                await FillAsync(stream, length, allowEnd: false);
                var value = new byte[Length(length, MaxValueBytes)];
                await FillAsync(stream, value, allowEnd: false);
                byte[] response = Answer(operation, Encoding.UTF8.GetString(key), value);
                await stream.WriteAsync(response, _stopping.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is dropped; its client sees the store close and says so.
        }
        finally
        {
            lock (_connections)
                _connections.Remove(connection);
            connection.Dispose();
        }
    }

    private async Task<bool> FillAsync(NetworkStream stream, byte[] buffer, bool allowEnd)
    {
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, _stopping.Token);
        if (read == buffer.Length)
            return true;
        if (read == 0 && allowEnd)
            return false;
        throw new EndOfStreamException("the client closed the connection in the middle of a request");
    }

    private byte[] Answer(Operation operation, string key, byte[] value)
    {
        lock (_values)
        {
            switch (operation)
            {
                case Operation.Set:
                    _values[key] = value;
                    return Response(Status.Ok, []);
                case Operation.TryGet:
                    return _values.TryGetValue(key, out var found) ? Response(Status.Found, found) : Response(Status.Missing, []);
                case Operation.Check:
                    return Response(_values.ContainsKey(key) ? Status.Found : Status.Missing, []);
                case Operation.Add:
                    return Add(key, value);
                default:
                    return Refuse($"unknown store operation {(byte)operation}");
            }
        }
    }

    // Counters are kept as decimal text, so Get of a counter reads the number.
    private byte[] Add(string key, byte[] value)
    {
        if (value.Length != 8)
            return Refuse($"an Add request carries 8 bytes, not {value.Length}");
        long current = 0;
        if (_values.TryGetValue(key, out var existing)
            && !long.TryParse(Encoding.UTF8.GetString(existing), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out current))
            return Refuse($"the key '{key}' holds a value that is not a counter");
        long sum = current + BinaryPrimitives.ReadInt64LittleEndian(value);
        _values[key] = Encoding.UTF8.GetBytes(sum.ToString(CultureInfo.InvariantCulture));
        return Response(Status.Ok, Int64(sum));
    }

    private static byte[] Refuse(string reason) => Response(Status.Refused, Encoding.UTF8.GetBytes(reason));

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
            return;
        lock (_connections)
        {
            _stopping.Cancel();
            foreach (var connection in _connections)
                connection.Dispose();
        }
        _listener.Dispose();
        // The accept loop ends as soon as it sees the cancellation; the wait only keeps a disposed server from
        // outliving its owner by an accept that was already under way.
        _accepting.Wait(ShutdownWait);
    }
}
