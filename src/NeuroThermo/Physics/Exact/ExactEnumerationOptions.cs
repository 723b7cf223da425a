namespace NeuroThermo.Physics.Exact;

/// <summary>How <see cref="ExactEnumeration"/> walks through the 2^N configurations.</summary>
public sealed record ExactEnumerationOptions
{
    /// <summary>
    /// log₂ of the configurations handled at once. 18 (262,144) keeps a chunk's energies at 2 MB of float64 and its
    /// Boltzmann weights at 16 MB for <see cref="InverseTemperaturesPerPass"/> = 8: below the 32 MB above which glibc
    /// maps fresh pages for every allocation (docs/engine.md), so the buffers are reused from chunk to chunk instead of
    /// being faulted in again; measured at N = 24, 2^18 was 3–5× faster than 2^20 (docs/benchmarks.md). Chunks stay
    /// large enough that the per-call cost of the binding is invisible.
    /// </summary>
    public int ChunkBits { get; init => field = InRange(value, 1, 30, nameof(ChunkBits)); } = 18;

    /// <summary>
    /// log₂ of the inner block: the first min(N, InnerBits) spins are enumerated once, with their energy, and every
    /// chunk reuses that table, so a chunk costs one matrix product of width InnerBits + 2 instead of a quadratic form
    /// per configuration. 16 makes the table 2^16 × 18 float64 (9 MB).
    /// </summary>
    public int InnerBits { get; init => field = InRange(value, 1, 24, nameof(InnerBits)); } = 16;

    /// <summary>
    /// Inverse temperatures whose Boltzmann weights are formed together for one chunk. 8 × 2^18 float64 weights are
    /// 16 MB; a longer temperature grid is processed in groups of this size, each chunk's energies computed once.
    /// </summary>
    public int InverseTemperaturesPerPass { get; init => field = InRange(value, 1, 1024, nameof(InverseTemperaturesPerPass)); } = 8;

    /// <summary>
    /// Largest N accepted. 26 spins are 67 M configurations: with the default chunks the memory stays bounded (tens of
    /// MB), but the time grows as 2^N, and the probability vector alone would take 0.5 GB.
    /// </summary>
    public int MaxSpins { get; init => field = InRange(value, 1, 40, nameof(MaxSpins)); } = 26;

    private static int InRange(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be from {min} to {max}.");
}
