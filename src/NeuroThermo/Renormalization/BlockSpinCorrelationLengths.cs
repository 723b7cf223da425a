using NeuroThermo.Sampling.Statistics;

namespace NeuroThermo.Renormalization;

/// <summary>
/// A correlation length measured on the same configurations before and after blocking by b, each in units of its
/// own lattice spacing, and the ratio b·ξ'/ξ with its error. An RG step with length rescaling b maps ξ to ξ/b, so the
/// ratio is 1; "blocking changes nothing" would be ξ' = ξ, a ratio of b. Since L' = L/b, the same ratio is
/// (ξ'/L')/(ξ/L): at T_c, where ξ ∝ L, it says the blocked lattice keeps the dimensionless ξ/L of the original.
/// </summary>
/// <param name="Original">ξ of the original lattice, in its lattice spacings.</param>
/// <param name="Blocked">ξ' of the blocked lattice, in block spacings.</param>
/// <param name="Ratio">b·ξ'/ξ, jackknifed over the same bins as both lengths (their errors are correlated and largely cancel).</param>
public sealed record CorrelationLengthPair(Estimate Original, Estimate Blocked, Estimate Ratio)
{
    /// <summary>|ratio − 1| in standard errors of the ratio: how far the measurement is from ξ' = ξ/b.</summary>
    public double StandardErrorsFromRescaled => Math.Abs(Ratio.Mean - 1) / Ratio.StandardError;

    /// <summary>|ratio − b| in standard errors: how far the measurement is from ξ' = ξ (blocking changes nothing).</summary>
    public double StandardErrorsFromUnchanged(int blockSize) => Math.Abs(Ratio.Mean - blockSize) / Ratio.StandardError;
}

/// <summary>
/// ξ before and after majority-rule blocking of one set of configurations: the second-moment length ξ₂ (no fit; the
/// finite-size-scaling variable at T_c) and, when a fit window is given, the exponential length of eq. 3.55 fitted
/// over the same physical distances on both lattices.
/// </summary>
/// <remarks>
/// <para>Why the exponential fit uses one physical window: a block spin is a local function of the spins, so the
/// blocked G'(R) decays asymptotically as the original G at r = bR — same rate e^{−r/ξ}, same power-law prefactor,
/// another amplitude. Fitting G over r ∈ [bR₁, bR₂] and G' over R ∈ [R₁, R₂] compares the two at the same distances,
/// so that the prefactor bends both fits alike. Short distances are left out because there the blocked G' is not yet
/// asymptotic: a block pair at R = 1 contains site pairs from 1 to 2b − 1 apart.</para>
/// <para>ξ₂ = √(χ(0)/χ(k_min) − 1)/(2 sin(π/L)) is the length to use at T_c, where ξ ∝ L. When ξ ≪ L it is not
/// measurable this way: χ(0)/χ(k_min) − 1 ≈ (2πξ/L)² is then far below the statistical error of either χ.</para>
/// </remarks>
/// <param name="BlockSize">b.</param>
/// <param name="Size">L of the original lattice.</param>
/// <param name="SecondMoment">ξ₂ before and after.</param>
/// <param name="Exponential">The fitted exponential ξ before and after, or null when no window was asked for.</param>
/// <param name="FitStart">First distance R₁ of the blocked fit, in block spacings (the original fit starts at bR₁).</param>
/// <param name="FitEnd">Last distance R₂ of the blocked fit (the original fit ends at bR₂).</param>
public sealed record BlockSpinCorrelationLengths(
    int BlockSize, int Size, CorrelationLengthPair SecondMoment, CorrelationLengthPair? Exponential, int FitStart, int FitEnd)
{
    /// <summary>
    /// Compares <paramref name="original"/> with <paramref name="blocked"/>, the correlations of the same samples after
    /// blocking by <paramref name="blockSize"/>, measured with the same number of bins. The exponential fit runs over
    /// the block distances R with b·R inside [<paramref name="fitStart"/>, <paramref name="fitEnd"/>] (original lattice
    /// spacings) when both are given.
    /// </summary>
    public static BlockSpinCorrelationLengths Compare(
        LatticeCorrelations original, LatticeCorrelations blocked, int blockSize, int? fitStart = null, int? fitEnd = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(blocked);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        if (original.Dimension != 2 || blocked.Dimension != 2)
            throw new ArgumentException("Block-spin correlation lengths compare square lattices.", nameof(blocked));
        if (blocked.Length * blockSize != original.Length)
            throw new ArgumentException($"Blocking L = {original.Length} by b = {blockSize} gives L' = {original.Length / blockSize}, but the blocked correlations have L' = {blocked.Length}.", nameof(blocked));
        if (blocked.SampleCount != original.SampleCount || blocked.BinMeans.Length != original.BinMeans.Length)
            throw new ArgumentException($"Both measurements must come from the same samples in the same bins; got {original.SampleCount} samples in {original.BinMeans.Length} bins and {blocked.SampleCount} in {blocked.BinMeans.Length}.", nameof(blocked));

        var joint = JointBinMeans(original.BinMeans, blocked.BinMeans);
        var split = original.BinMeans[0].Length;
        var secondMoment = Pair(joint, split, blockSize, original.SecondMomentFromMeans, blocked.SecondMomentFromMeans);

        if (fitStart is null || fitEnd is null) return new BlockSpinCorrelationLengths(blockSize, original.Length, secondMoment, null, 0, 0);
        var first = (fitStart.Value + blockSize - 1) / blockSize;
        var last = fitEnd.Value / blockSize;
        if (fitStart.Value < 0 || last < first + 1 || last > blocked.MaxDistance || blockSize * last > original.MaxDistance)
            throw new ArgumentOutOfRangeException(nameof(fitEnd), fitEnd,
                $"The fit window [{fitStart}, {fitEnd}] must hold at least two block distances R (multiples of b = {blockSize}) within the measured G(r), r ≤ {original.MaxDistance} and R ≤ {blocked.MaxDistance}.");
        var originalXi = ExponentialDecayFit.XiFromMeans(original, blockSize * first, blockSize * last);
        var blockedXi = ExponentialDecayFit.XiFromMeans(blocked, first, last);
        var exponential = Pair(joint, split, blockSize, originalXi, blockedXi);
        return new BlockSpinCorrelationLengths(blockSize, original.Length, secondMoment, exponential, first, last);
    }

    private static CorrelationLengthPair Pair(
        double[][] joint, int split, int blockSize, Func<double[], double> originalXi, Func<double[], double> blockedXi)
    {
        double Original(double[] means) => originalXi(means[..split]);
        double Blocked(double[] means) => blockedXi(means[split..]);
        return new CorrelationLengthPair(
            Jackknife.FromBinMeans(joint, Original),
            Jackknife.FromBinMeans(joint, Blocked),
            Jackknife.FromBinMeans(joint, means => blockSize * Blocked(means) / Original(means)));
    }

    // Bin i of the joint measurement: the original's means of bin i followed by the blocked lattice's.
    private static double[][] JointBinMeans(double[][] original, double[][] blocked) =>
        original.Zip(blocked, (a, b) => a.Concat(b).ToArray()).ToArray();
}
