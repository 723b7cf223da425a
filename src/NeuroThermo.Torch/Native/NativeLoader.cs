using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuroThermo.Torch.Native;

/// <summary>
/// Finds libneurothermo_native next to the managed assemblies, and turns a failed load into a
/// sentence that names what is missing and the command that installs it.
/// </summary>
internal static class NativeLoader
{
    internal const string SetupCommand = "./build.sh setup";
    internal const string AptCommand = "sudo apt-get install libtorch-dev libopenblas0-openmp";
    private const string FileName = "libneurothermo_native.so";

    // The resolver must be installed before the first P/Invoke of this assembly, whoever makes it;
    // a module initializer is the one place that runs early enough in a library.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLoader).Assembly, Resolve);

    private static readonly object s_lock = new();
    private static IntPtr s_library;

    // The runtime asks again for every P/Invoke that is bound for the first time, so the library is
    // loaded and initialised once and its handle reused (a second initialisation would, for one,
    // reset a thread count the user had set in between).
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library) return IntPtr.Zero;
        lock (s_lock)
        {
            if (s_library == IntPtr.Zero) s_library = Load(assembly);
            return s_library;
        }
    }

    private static IntPtr Load(Assembly assembly)
    {
        var candidates = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(assembly.Location) ?? "" }
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, FileName))
            .Distinct()
            .ToList();
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            throw new DllNotFoundException(
                $"The NeuroThermo native shim {FileName} was not found in {string.Join(" or ", candidates)}; " +
                $"build it with `dotnet build` (which needs libtorch: `{AptCommand}`, or `{SetupCommand}`).");
        }
        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(DescribeLoadFailure(path, e.Message), e);
        }
        Initialize(handle);
        return handle;
    }

    /// <summary>One sentence saying what could not be loaded and the command that installs it.</summary>
    internal static string DescribeLoadFailure(string path, string loaderMessage)
    {
        var missing = loaderMessage.Contains("libtorch", StringComparison.Ordinal) || loaderMessage.Contains("libc10", StringComparison.Ordinal)
            ? "libtorch is not installed"
            : "a library it depends on could not be loaded";
        return $"{path} could not be loaded because {missing} ({loaderMessage}); install it with `{AptCommand}` or run `{SetupCommand}`.";
    }

    private static unsafe void Initialize(IntPtr library)
    {
        var init = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "nt_init");
        var setThreads = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(library, "nt_set_num_threads");
        if (init() != 0) throw new TorchException("libtorch failed to initialise");
        // libtorch starts with a single intra-op thread on these machines; use every core unless
        // the user asked for a count through the usual variable.
        setThreads(DefaultThreadCount());
    }

    internal static int DefaultThreadCount()
    {
        var requested = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        return int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount;
    }
}
