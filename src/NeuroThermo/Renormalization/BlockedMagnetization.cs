using NeuroThermo.Sampling.Statistics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Renormalization;

/// <summary>
/// The magnetization per block spin, m' = (1/N') Σ s', of configurations blocked by b repeatedly down to a common side
/// L' (L = L'·b^k, k steps), with its distribution P(m') and the blocked Binder cumulant. At T_c every L lands on the
/// same lattice of L'×L' block spins, so the distributions share one support and can be compared bin for bin without
/// rescaling m; if blocking approaches a fixed point, P(m') approaches a fixed shape as L grows.
/// </summary>
/// <param name="Size">L of the configurations.</param>
/// <param name="BlockSize">b of each step.</param>
/// <param name="Steps">k, the number of blocking steps: L' = L/b^k.</param>
/// <param name="BlockedSize">L'.</param>
/// <param name="Magnetization">m' per sample, in sample order.</param>
/// <param name="Binder">U₄' = 1 − ⟨m'⁴⟩/(3⟨m'²⟩²) of the blocked lattices, jackknifed.</param>
public sealed record BlockedMagnetization(int Size, int BlockSize, int Steps, int BlockedSize, double[] Magnetization, Estimate Binder)
{
    /// <summary>
    /// Blocks <paramref name="spins"/> (S, L, L) by <paramref name="blockSize"/> until the side is
    /// <paramref name="blockedSize"/>, ties by <paramref name="generator"/>, and measures m' and U₄'.
    /// </summary>
    public static BlockedMagnetization Measure(
        Tensor spins, int blockSize, int blockedSize, Generator generator, int binCount = Jackknife.DefaultBinCount)
    {
        ArgumentNullException.ThrowIfNull(spins);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockedSize, 1);
        if (spins.shape.Length != 3)
            throw new ArgumentException($"Expected a batch of lattices (S, L, L); got shape [{string.Join(", ", spins.shape)}].", nameof(spins));
        var size = checked((int)spins.shape[^1]);
        var steps = 0;
        for (var side = size; side > blockedSize; side /= blockSize)
        {
            if (side % blockSize != 0)
                throw new ArgumentException($"L = {size} is not L' = {blockedSize} times a power of b = {blockSize}.", nameof(blockedSize));
            steps++;
        }
        if (size != blockedSize * (int)Math.Pow(blockSize, steps))
            throw new ArgumentException($"L = {size} is not L' = {blockedSize} times a power of b = {blockSize}.", nameof(blockedSize));

        using var scope = torch.NewDisposeScope();
        var blocked = spins;
        for (var step = 0; step < steps; step++) blocked = MajorityRuleBlocking.Block(blocked, blockSize, generator);
        var magnetization = blocked.to(torch.float64).mean([1L, 2L]).ToArray<double>();   // (S, L', L') -> (S)
        return new BlockedMagnetization(size, blockSize, steps, blockedSize, magnetization,
            SpinObservables.BinderCumulant(magnetization, binCount));
    }

    /// <summary>
    /// P(m') in <paramref name="bins"/> equal bins over [−1, 1] (each possible m' = −1, −1 + 2/N', … falls in one bin;
    /// bins are closed on the left, the last also on the right), normalised to sum 1.
    /// </summary>
    public double[] Histogram(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var counts = new double[bins];
        foreach (var m in Magnetization) counts[Math.Min(bins - 1, (int)Math.Floor((m + 1) / 2 * bins))]++;
        for (var i = 0; i < bins; i++) counts[i] /= Magnetization.Length;
        return counts;
    }

    /// <summary>
    /// The total-variation distance ½ Σ |p_i − q_i| between the <paramref name="bins"/>-bin histograms of two sets of
    /// blocked magnetizations on the same L', and the distance two independent samples of these sizes would show on
    /// average if both came from one distribution, Σ_i √(p_i(1 − p_i)(1/n + 1/n')) /√(2π) with p the pooled histogram
    /// (the mean of |N(0, σ²)| is σ√(2/π)): distances near that floor are sampling noise.
    /// </summary>
    public static (double Distance, double NoiseFloor) TotalVariation(BlockedMagnetization a, BlockedMagnetization b, int bins)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.BlockedSize != b.BlockedSize)
            throw new ArgumentException($"Histograms compare blocked lattices of one side; got L' = {a.BlockedSize} and {b.BlockedSize}.", nameof(b));
        var p = a.Histogram(bins);
        var q = b.Histogram(bins);
        double n = a.Magnetization.Length, m = b.Magnetization.Length;
        var distance = 0.0;
        var floor = 0.0;
        for (var i = 0; i < bins; i++)
        {
            distance += Math.Abs(p[i] - q[i]) / 2;
            var pooled = (n * p[i] + m * q[i]) / (n + m);
            floor += Math.Sqrt(pooled * (1 - pooled) * (1 / n + 1 / m)) / Math.Sqrt(2 * Math.PI);
        }
        return (distance, floor);
    }
}
