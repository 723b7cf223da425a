using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Experiments;

/// <summary>
/// The device a trainable experiment runs on, as configs and <c>--device</c> name it: <c>cpu</c> (the default),
/// <c>cuda</c> (libtorch's current CUDA device) or <c>cuda:N</c>. A name is checked twice: its spelling when a config
/// loads, and whether this build and machine have the device before a run writes anything.
/// </summary>
public static partial class ComputeDevice
{
    /// <summary>The default device, and the only one a build on TorchSharp-cpu has.</summary>
    public const string Cpu = "cpu";

    /// <summary>What a device name may be, in words for error messages.</summary>
    public const string Expected = "a device name (\"cpu\", \"cuda\" or \"cuda:N\" with N = 0, 1, …)";

    /// <summary>The libtorch backend the library was built against (<c>-p:TorchBackend=…</c>), <c>cpu</c> by default.</summary>
    public static string Backend { get; } =
        typeof(ComputeDevice).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? Cpu;

    /// <summary>Whether <paramref name="name"/> is spelled as a device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public static bool IsValidName(string? name) => name is not null && DeviceName().IsMatch(name);

    /// <summary>
    /// Null when this process can run on <paramref name="name"/>, else a clause saying why not, to end a sentence that
    /// names where the device was asked for.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a device name (<see cref="IsValidName"/>).</exception>
    public static string? WhyUnavailable(string name)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not {Expected}.", nameof(name));
        if (name == Cpu)
            return null;
        if (!torch.cuda.is_available())
        {
            return Backend == Cpu
                ? "this build of NeuroThermo has libtorch for the CPU only (TorchSharp-cpu); build it with "
                  + "-p:TorchBackend=cuda on a Linux machine with an NVIDIA GPU and driver (docs/engine.md#devices), or use \"cpu\""
                : "libtorch finds no CUDA device on this machine (torch.cuda.is_available() is false: no NVIDIA GPU, or no driver for it); use \"cpu\"";
        }
        int index = Index(name);
        int count = torch.cuda.device_count();
        return index < count
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"this machine has {count} CUDA device(s), numbered from 0, so there is no {name}");
    }

    /// <summary>The device <paramref name="name"/> names, after checking that this process has it.</summary>
    /// <exception cref="ArgumentException">Not a device name, or a device this build or machine does not have.</exception>
    public static Device Open(string name)
    {
        string? why = WhyUnavailable(name);
        if (why is not null)
            throw new ArgumentException($"Device '{name}' cannot be used: {why}.", nameof(name));
        return name == Cpu ? CPU : torch.device(name);
    }

    private static int Index(string name) =>
        name.IndexOf(':') is var colon and >= 0 ? int.Parse(name[(colon + 1)..], CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(cpu|cuda(:(0|[1-9][0-9]{0,3}))?)$")]
    private static partial Regex DeviceName();
}
