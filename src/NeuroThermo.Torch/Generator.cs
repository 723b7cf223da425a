using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

/// <summary>
/// A CPU random-number generator (libtorch's Philox/MT engine). Pass one to random operations so
/// that a run's draws depend on its seed alone, not on what else touched the global generator.
/// </summary>
public sealed class Generator : IDisposable
{
    /// <summary>libtorch's default seed for a fresh generator.</summary>
    public const ulong DefaultSeed = 67280421310721UL;

    private IntPtr _handle;

    /// <summary>A new generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed = DefaultSeed)
    {
        NativeMethods.Check(NativeMethods.nt_generator_new(seed, out _handle));
    }

    private Generator(IntPtr handle) => _handle = handle;

    /// <summary>libtorch's global CPU generator (what random operations use without one).</summary>
    internal static Generator Default()
    {
        NativeMethods.Check(NativeMethods.nt_generator_default(out var handle));
        return new Generator(handle);
    }

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(Generator));

    /// <summary>Re-seeds the generator; returns it for chaining.</summary>
    public Generator manual_seed(ulong seed)
    {
        NativeMethods.Check(NativeMethods.nt_generator_manual_seed(Handle, seed));
        return this;
    }

    /// <summary>The seed the generator was last seeded with.</summary>
    public unsafe ulong initial_seed()
    {
        ulong seed;
        NativeMethods.Check(NativeMethods.nt_generator_initial_seed(Handle, &seed));
        return seed;
    }

    /// <summary>The full generator state as a uint8 tensor (to save with a checkpoint).</summary>
    public Tensor get_state()
    {
        NativeMethods.Check(NativeMethods.nt_generator_get_state(Handle, out var state));
        return new Tensor(state);
    }

    /// <summary>Restores a state obtained from <see cref="get_state"/>.</summary>
    public void set_state(Tensor state)
    {
        NativeMethods.Check(NativeMethods.nt_generator_set_state(Handle, state.Handle));
        GC.KeepAlive(state);
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    ~Generator() => Release();

    private void Release()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) NativeMethods.nt_generator_free(handle);
    }
}
