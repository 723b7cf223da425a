namespace NeuroThermo.Sampling.Native;

/// <summary>How <see cref="SquareIsingCheckerboard"/> carries out a sweep.</summary>
public enum CheckerboardBackend
{
    /// <summary>
    /// libtorch tensor operations only: one 64-bit linear congruential generator per site advanced by two
    /// tensor ops, acceptance by exp of the energy change. Runs wherever libtorch runs.
    /// </summary>
    Tensor,

    /// <summary>
    /// The C++ kernel of the native shim: integer acceptance thresholds against raw 32-bit xoshiro128+
    /// words, 16 lanes per lattice row, rows shared among libtorch's intra-op threads.
    /// </summary>
    Native,
}
