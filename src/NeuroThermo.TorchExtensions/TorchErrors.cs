namespace NeuroThermo.TorchExtensions;

/// <summary>libtorch's error messages as sentences a user can read.</summary>
public static class TorchErrors
{
    /// <summary>
    /// The message of <paramref name="error"/>, without the "Exception raised from …" line and native backtrace
    /// that libtorch appends to its own (TorchSharp passes them on in the ExternalException's message).
    /// </summary>
    public static string Message(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return WithoutBacktrace(error.Message);
    }

    /// <summary><paramref name="what"/> up to libtorch's backtrace, trimmed.</summary>
    public static string WithoutBacktrace(string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        int trace = what.IndexOf("Exception raised from", StringComparison.Ordinal);
        return (trace >= 0 ? what[..trace] : what).Trim();
    }
}
