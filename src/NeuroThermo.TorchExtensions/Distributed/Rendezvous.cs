using System.Globalization;

namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// Where and how the ranks of one run meet: rank 0 hosts a TCP store at <see cref="MasterAddress"/>:<see cref="MasterPort"/>,
/// every rank connects to it, publishes its address and finds its peers there.
/// </summary>
public sealed record Rendezvous
{
    /// <summary>The default time a rank waits for its peers, and a collective for its data: 5 minutes (c10d's default
    /// for its TCP store), long enough for a slow rank to load its data.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The address (or host name) of rank 0's machine, reachable from every rank.</summary>
    public required string MasterAddress { get; init; }

    /// <summary>The TCP port of the store on rank 0; 0 lets rank 0 pick a free one (useful only within one process).</summary>
    public required int MasterPort { get; init; }

    /// <summary>This process's rank, in [0, <see cref="WorldSize"/>).</summary>
    public required int Rank { get; init; }

    /// <summary>The number of ranks.</summary>
    public required int WorldSize { get; init; }

    /// <summary>How long joining and every collective may wait for a peer before failing.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The network interface Gloo binds (eth0, lo, ...); null to use <see cref="Hostname"/>.</summary>
    public string? Interface { get; init; }

    /// <summary>
    /// The host name or address Gloo binds when no interface is named; null for 127.0.0.1 when the master is on this
    /// machine's loopback, else the address this machine's host name resolves to.
    /// </summary>
    public string? Hostname { get; init; }

    /// <summary>"address:port", as messages show it.</summary>
    public string Address => MasterAddress.Contains(':', StringComparison.Ordinal)
        ? $"[{MasterAddress}]:{MasterPort.ToString(CultureInfo.InvariantCulture)}"
        : $"{MasterAddress}:{MasterPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses "ADDR:PORT" (or "[v6]:PORT").</summary>
    /// <exception cref="FormatException">Not an address with a port in [1, 65535].</exception>
    public static (string Address, int Port) ParseMaster(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        int colon = master.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(master.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
            throw new FormatException($"'{master}' is not a master address of the form ADDR:PORT with a port in [1, 65535].");
        return (master[..colon].Trim('[', ']'), port);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a world size below 1 or a rank outside it.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(MasterAddress);
        if (WorldSize < 1)
            throw new ArgumentOutOfRangeException(nameof(WorldSize), WorldSize, "the world size must be at least 1");
        if (Rank < 0 || Rank >= WorldSize)
            throw new ArgumentOutOfRangeException(nameof(Rank), Rank, $"the rank must be in [0, {WorldSize}) for a world of {WorldSize}");
        if (MasterPort is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(MasterPort), MasterPort, "the port must be in [0, 65535]");
        if (Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the timeout must be positive");
    }

    /// <summary>The Gloo bind address: the one given, else loopback for a loopback master, else none (Gloo's default).</summary>
    internal string GlooHostname => Hostname ?? (TcpStore.IsLoopback(MasterAddress) ? "127.0.0.1" : "");
}
