using System.CommandLine;
using System.Globalization;
using NeuroThermo.TorchExtensions.Distributed;

namespace NeuroThermo.Cli;

/// <summary>
/// The options of a data-parallel run, shared by <c>run</c> and <c>resume</c>: <c>--nproc N</c> starts and supervises N
/// local ranks; <c>--rank R --world-size W --master ADDR:PORT</c> makes this process one rank of a run spread over machines.
/// </summary>
internal sealed class DistributedOptions
{
    private const int DefaultTimeoutSeconds = 300;

    public Option<int?> Processes { get; } = new("--nproc") { Description = "Start N local worker processes (ranks) on loopback and supervise them." };

    public Option<int?> Rank { get; } = new("--rank") { Description = "This process's rank in a multi-machine run (with --world-size and --master)." };

    public Option<int?> WorldSize { get; } = new("--world-size") { Description = "The number of ranks of a multi-machine run." };

    public Option<string?> Master { get; } = new("--master") { Description = "ADDR:PORT of rank 0, which hosts the rendezvous." };

    public Option<string?> Interface { get; } = new("--interface") { Description = "The network interface Gloo uses (eth0, ...); by default the one the host name resolves to." };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds a rank waits for its peers, at the rendezvous and in every collective, before it gives up.",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Processes, Rank, WorldSize, Master, Interface, Timeout })
            command.Options.Add(option);
    }

    /// <summary>The supervisor's process count, or null when --nproc was not given.</summary>
    /// <exception cref="CliUsageException">--nproc below 1, or combined with --rank.</exception>
    public int? ProcessCount(ParseResult parse)
    {
        if (parse.GetValue(Processes) is not { } n)
            return null;
        if (n < 1)
            throw new CliUsageException($"--nproc must be at least 1, got {n}.");
        if (parse.GetValue(Rank) is not null || parse.GetValue(WorldSize) is not null || parse.GetValue(Master) is not null)
            throw new CliUsageException("--nproc starts its own ranks; it cannot be combined with --rank, --world-size or --master.");
        return n;
    }

    /// <summary>This process's rendezvous, or null when it runs alone.</summary>
    /// <exception cref="CliUsageException">An incomplete or inconsistent set of --rank, --world-size and --master.</exception>
    public Rendezvous? Rendezvous(ParseResult parse)
    {
        int? rank = parse.GetValue(Rank), world = parse.GetValue(WorldSize);
        string? master = parse.GetValue(Master);
        if (rank is null && world is null && master is null)
            return null;
        if (rank is null || world is null || master is null)
            throw new CliUsageException("A rank of a distributed run needs all of --rank, --world-size and --master ADDR:PORT.");
        if (world < 1)
            throw new CliUsageException($"--world-size must be at least 1, got {world}.");
        if (rank < 0 || rank >= world)
            throw new CliUsageException($"--rank must be in [0, {world}) for --world-size {world}, got {rank}.");
        int seconds = TimeoutSeconds(parse);
        (string address, int port) parsed;
        try
        {
            parsed = NeuroThermo.TorchExtensions.Distributed.Rendezvous.ParseMaster(master);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--master: {e.Message}");
        }
        return new Rendezvous
        {
            MasterAddress = parsed.address,
            MasterPort = parsed.port,
            Rank = rank.Value,
            WorldSize = world.Value,
            Timeout = TimeSpan.FromSeconds(seconds),
            Interface = parse.GetValue(Interface),
        };
    }

    /// <summary>The --timeout value, checked.</summary>
    public int TimeoutSeconds(ParseResult parse)
    {
        int seconds = parse.GetValue(Timeout);
        if (seconds < 1)
            throw new CliUsageException($"--timeout must be at least 1 second, got {seconds}.");
        return seconds;
    }

    /// <summary>The arguments that make a worker rank <paramref name="rank"/> of <paramref name="world"/> at <paramref name="master"/>.</summary>
    public static IEnumerable<string> WorkerArguments(int rank, int world, string master, int timeoutSeconds) =>
        ["--rank", rank.ToString(CultureInfo.InvariantCulture), "--world-size", world.ToString(CultureInfo.InvariantCulture),
         "--master", master, "--timeout", timeoutSeconds.ToString(CultureInfo.InvariantCulture)];
}
