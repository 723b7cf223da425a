using TorchSharp;

namespace NeuroThermo.TorchExtensions;

/// <summary>libtorch's intra-op thread count, capped for a span of code and restored after it.</summary>
public static class Threads
{
    /// <summary>
    /// Caps the thread count at <paramref name="threads"/> until the returned object is disposed: for stretches of work
    /// made of operations too small to share among threads. A cap above the current count leaves it alone.
    /// </summary>
    public static IDisposable Limit(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        return new Restore(torch.get_num_threads(), threads);
    }

    private sealed class Restore : IDisposable
    {
        private readonly int _previous;
        private bool _disposed;

        public Restore(int previous, int threads)
        {
            _previous = previous;
            if (threads < previous) torch.set_num_threads(threads);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (torch.get_num_threads() != _previous) torch.set_num_threads(_previous);
        }
    }
}
