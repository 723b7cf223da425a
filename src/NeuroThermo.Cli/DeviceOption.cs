using System.CommandLine;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary>
/// <c>--device cpu|cuda|cuda:N</c> of <c>run</c>, <c>resume</c> and <c>sample</c>: overrides the config's <c>device</c>
/// (cpu by default) and is recorded in the run's resolved config, so a later resume keeps it.
/// </summary>
internal sealed class DeviceOption
{
    public Option<string?> Option { get; } = new("--device")
    {
        Description = "Where models, batches and draws live: cpu (the config's default), cuda or cuda:N. Overrides the config's device and is recorded in the run directory.",
    };

    /// <summary>The device asked for, or null when --device was not given.</summary>
    /// <exception cref="CliUsageException">A name that is no device, or a device this build or machine does not have.</exception>
    public string? Value(ParseResult parse)
    {
        if (parse.GetValue(Option) is not { } device)
            return null;
        if (!ComputeDevice.IsValidName(device))
            throw new CliUsageException($"--device takes cpu, cuda or cuda:N (N = 0, 1, …), not '{device}'.");
        if (ComputeDevice.WhyUnavailable(device) is { } why)
            throw new CliUsageException($"--device {device} cannot be used: {why}.");
        return device;
    }

    /// <summary>The arguments that pass the same --device on to a worker process.</summary>
    public static IEnumerable<string> WorkerArguments(string? device) => device is null ? [] : ["--device", device];
}
