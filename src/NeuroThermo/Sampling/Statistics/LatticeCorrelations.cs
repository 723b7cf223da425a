using NeuroThermo.Physics.Lattices;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling.Statistics;

/// <summary>
/// Spin–spin correlations of Monte Carlo configurations of a chain (S, L) or a square lattice (S, L, L): the connected
/// two-point function G(r), the structure factor χ(k) and two correlation lengths, with jackknife errors over bins
/// of samples (consecutive samples of one chain may be correlated; bins longer than τ_int are not).
/// </summary>
/// <remarks>
/// <para>G(r) = ⟨s_x s_{x+r}⟩ − ⟨s⟩², averaged over sites x and, on the square lattice, over the two axes; ⟨s⟩ is the
/// magnetization averaged over every site and sample. Periodic lattices take r = 0 … ⌊L/2⌋ (pairs wrap round),
/// open ones r = 0 … L − 1 (only pairs inside the lattice). In a finite system at h = 0 below T_c, ⟨s⟩ → 0 as the
/// chain flips between ±m, and G(r) then tends to m², not 0.</para>
/// <para>χ(k) = (1/N)⟨|Σ_x s_x e^{ik·x}|²⟩ − N⟨s⟩² δ_{k,0} = Σ_r G(r) e^{ik·r}, with k = (2πn/L)·ê along an axis (averaged
/// over both axes), is defined for periodic lattices only.</para>
/// </remarks>
public sealed class LatticeCorrelations
{
    // Configurations measured at a time: 64 lattices of 144² in float64 are 10 MB.
    private const int ChunkSamples = 64;

    private readonly double[][] _binMeans;  // (M)(V): V = [⟨s⟩, c(0) … c(R), |F(k_0)|²/N … |F(k_K)|²/N]
    private readonly Estimate[] _twoPoint;

    private LatticeCorrelations(int dimension, int length, Boundary boundary, int sampleCount, int maxDistance, double[][] binMeans)
    {
        MaxDistance = maxDistance;
        Dimension = dimension;
        Length = length;
        Boundary = boundary;
        SampleCount = sampleCount;
        _binMeans = binMeans;
        _twoPoint = Enumerable.Range(0, MaxDistance + 1)
            .Select(r => Jackknife.FromBinMeans(_binMeans, means => means[1 + r] - means[0] * means[0]))
            .ToArray();
    }

    /// <summary>1 for a chain, 2 for a square lattice.</summary>
    public int Dimension { get; }

    /// <summary>L, the side.</summary>
    public int Length { get; }

    /// <summary>Whether pairs wrap round the lattice.</summary>
    public Boundary Boundary { get; }

    /// <summary>S, the configurations measured.</summary>
    public int SampleCount { get; }

    /// <summary>Number of spins N = L^d.</summary>
    public int Spins => Dimension == 1 ? Length : Length * Length;

    /// <summary>
    /// The largest distance r of <see cref="TwoPoint"/>: ⌊L/2⌋ when periodic, L − 1 when open, or less when
    /// <see cref="Measure(Tensor, Boundary, int, int?)"/> was asked for less.
    /// </summary>
    public int MaxDistance { get; }

    /// <summary>G(r) for r = 0 … <see cref="MaxDistance"/>, with jackknife errors.</summary>
    public IReadOnlyList<Estimate> TwoPoint => _twoPoint;

    /// <summary>
    /// Measures configurations <paramref name="spins"/> of ±1: shape (S, L) for a chain, (S, L, L) for a square lattice.
    /// G(r) is measured up to <paramref name="maxDistance"/> when given (each r costs a pass over the samples; a fit
    /// window rarely needs all of them), else up to the largest distance the lattice has.
    /// </summary>
    public static LatticeCorrelations Measure(Tensor spins, Boundary boundary, int binCount = Jackknife.DefaultBinCount, int? maxDistance = null)
    {
        using var scope = torch.NewDisposeScope();
        ArgumentNullException.ThrowIfNull(spins);
        var shape = spins.shape;
        // A wrong rank or an empty batch gets the shared message before the chunks below index into the shape.
        if (shape.Length is not (2 or 3) || shape.Any(size => size == 0)) SpinSamples.Checked(spins, nameof(spins), 2, 3);
        if (shape.Length == 3 && shape[1] != shape[2])
            throw new ArgumentException($"A square lattice needs equal sides; got shape [{string.Join(", ", shape)}].", nameof(spins));
        var length = checked((int)shape[1]);
        if (length < 2) throw new ArgumentException("A lattice side needs at least 2 sites to have correlations.", nameof(spins));
        var samples = checked((int)shape[0]);
        Jackknife.CheckBinCount(binCount, samples);
        if (!Enum.IsDefined(boundary)) throw new ArgumentOutOfRangeException(nameof(boundary), boundary, "Unknown boundary.");
        var largest = boundary == Boundary.Periodic ? length / 2 : length - 1;
        if (maxDistance is < 1 || maxDistance > largest)
            throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, $"G(r) can be measured for r in [1, {largest}] on this lattice.");
        var distances = maxDistance ?? largest;

        // In chunks, so that the float64 copy and the shifted products of a large batch never exist all at once.
        var chunks = new List<Tensor>();
        for (var start = 0; start < samples; start += ChunkSamples)
        {
            using var chunkScope = torch.NewDisposeScope();
            var chunk = SpinSamples.Checked(spins.narrow(0, start, Math.Min(ChunkSamples, samples - start)), nameof(spins), 2, 3);
            chunks.Add(PerSample(chunk, boundary, distances).MoveToOuterDisposeScope());   // (chunk, V)
        }
        var perSample = torch.cat(chunks, 0);  // (S, V)
        // Bins of consecutive samples; the remainder is dropped at the start, the least equilibrated part.
        var binSize = samples / binCount;
        var binned = perSample.narrow(0, samples - binCount * binSize, binCount * binSize)
            .view(binCount, binSize, -1)  // (S', V) -> (M, B, V)
            .mean([1]);                      // (M, V)
        var flat = binned.ToArray<double>();
        var variables = flat.Length / binCount;
        var binMeans = Enumerable.Range(0, binCount).Select(b => flat.AsSpan(b * variables, variables).ToArray()).ToArray();
        return new LatticeCorrelations(shape.Length - 1, length, boundary, samples, distances, binMeans);
    }

    /// <summary>Measures chains given as an (S, L) array of ±1.</summary>
    public static LatticeCorrelations Measure(double[,] chains, Boundary boundary, int binCount = Jackknife.DefaultBinCount)
    {
        using var spins = SpinSamples.FromArray(chains, nameof(chains));
        return Measure(spins, boundary, binCount);
    }

    /// <summary>Measures square lattices given as an (S, L, L) array of ±1.</summary>
    public static LatticeCorrelations Measure(double[,,] squares, Boundary boundary, int binCount = Jackknife.DefaultBinCount)
    {
        using var spins = SpinSamples.FromArray(squares, nameof(squares));
        return Measure(spins, boundary, binCount);
    }

    /// <summary>
    /// The connected structure factor χ(k) at k = 2π·<paramref name="mode"/>/L along an axis (averaged over the axes),
    /// mode = 0 … ⌊L/2⌋; χ(0) = N(⟨m²⟩ − ⟨m⟩²). Periodic lattices only.
    /// </summary>
    public Estimate StructureFactor(int mode)
    {
        RequirePeriodic(nameof(StructureFactor));
        if (mode < 0 || mode > Length / 2)
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"The mode must lie in [0, L/2] = [0, {Length / 2}].");
        return Jackknife.FromBinMeans(_binMeans, means => StructureFactor(means, mode));
    }

    /// <summary>
    /// The second-moment correlation length ξ₂ = √(χ(0)/χ(k_min) − 1) / (2 sin(π/L)), k_min = 2π/L: the ξ of an
    /// Ornstein–Zernike χ(k) ∝ 1/(k² + ξ⁻²) written with the lattice momentum 2 sin(k/2). It needs no fit, and
    /// ξ₂/L is a finite-size-scaling variable. It is not the exponential ξ: for the Ising chain with t = tanh βJ
    /// (L ≫ ξ), ξ₂ = √t/(1 − t) while ξ = −1/ln t. Periodic lattices only.
    /// </summary>
    public Estimate SecondMomentCorrelationLength()
    {
        RequirePeriodic(nameof(SecondMomentCorrelationLength));
        return Jackknife.FromBinMeans(_binMeans, SecondMomentFromMeans);
    }

    /// <summary>
    /// ξ from a fit of the exponential decay of the connected correlation function (lecture notes eq. 3.55),
    /// see <see cref="ExponentialDecayFit"/>; <paramref name="maxDistance"/> defaults to the last r from
    /// <paramref name="minDistance"/> on with G(r) at least twice its error.
    /// </summary>
    public ExponentialDecayFit ExponentialCorrelationLength(int minDistance = 1, int? maxDistance = null) =>
        ExponentialDecayFit.Fit(this, minDistance, maxDistance);

    /// <summary>The per-bin means, for jackknifed fits in this folder.</summary>
    internal double[][] BinMeans => _binMeans;

    /// <summary>ξ₂ from a vector of (possibly leave-one-out) means, for jackknifes that combine several measurements.</summary>
    internal double SecondMomentFromMeans(double[] means)
    {
        var ratio = StructureFactor(means, 0) / StructureFactor(means, 1);
        return ratio >= 1 ? Math.Sqrt(ratio - 1) / (2 * Math.Sin(Math.PI / Length)) : double.NaN;
    }

    /// <summary>G(r) from a vector of (possibly leave-one-out) means.</summary>
    internal static double TwoPointFromMeans(double[] means, int r) => means[1 + r] - means[0] * means[0];

    private double StructureFactor(double[] means, int mode)
    {
        var value = means[1 + MaxDistance + 1 + mode];
        return mode == 0 ? value - Spins * means[0] * means[0] : value;
    }

    private void RequirePeriodic(string what)
    {
        if (Boundary != Boundary.Periodic)
            throw new InvalidOperationException($"{what} needs periodic boundaries (momenta 2πn/L); these configurations are {Boundary}.");
    }

    /// <summary>
    /// Per configuration: m, the site-averaged products c(r) = (1/N) Σ_x s_x s_{x+r} (axis-averaged, r ≤ maxDistance), and, when
    /// periodic, |F(k)|²/N for k = 2πn/L, n = 0 … ⌊L/2⌋; shape (S, V).
    /// </summary>
    private static Tensor PerSample(Tensor x, Boundary boundary, long maxDistance)
    {
        var length = x.shape[1];
        var siteDims = x.shape.Length == 2 ? new long[] { 1 } : [1, 2];
        var periodic = boundary == Boundary.Periodic;
        var columns = new List<Tensor> { x.mean(siteDims).unsqueeze(1) };  // (S, 1)
        for (var r = 0L; r <= maxDistance; r++)
        {
            using var rScope = torch.NewDisposeScope();
            var sum = torch.zeros([x.shape[0]], torch.float64);
            foreach (var d in siteDims)
            {
                // Periodic: every site pairs with the one r further on, round the ring. Open: only the L − r pairs inside.
                var product = periodic ? x * x.roll(-r, d) : x.narrow(d, 0, length - r) * x.narrow(d, r, length - r);
                sum = sum + product.mean(siteDims);
            }
            columns.Add((sum / siteDims.Length).unsqueeze(1).MoveToOuterDisposeScope());  // (S, 1)
        }
        if (periodic) columns.Add(FourierPower(x, siteDims));
        return torch.cat(columns, 1);
    }

    /// <summary>|F(k)|²/N along each axis, averaged over axes, for k = 2πn/L, n = 0 … ⌊L/2⌋; shape (S, K + 1).</summary>
    private static Tensor FourierPower(Tensor x, long[] siteDims)
    {
        var length = x.shape[1];
        var spins = (double)x[0].numel();
        var modes = length / 2 + 1;
        var phase = torch.arange(length, torch.float64).outer(torch.arange(modes, torch.float64)) * (2 * Math.PI / length);  // (L, K+1)
        var cos = phase.cos();
        var sin = phase.sin();
        var power = torch.zeros([x.shape[0], modes], torch.float64);
        foreach (var d in siteDims)
        {
            // Σ_x s_x e^{ik x_d} = Σ_{x_d} e^{ik x_d} (sum of s over the other axis): line sums, then one product.
            var lines = siteDims.Length == 1 ? x : x.sum(d == 1 ? 2L : 1L);  // (S, L)
            var re = Guarded.matmul(lines, cos);                                      // (S, K+1)
            var im = Guarded.matmul(lines, sin);
            power = power + (re * re + im * im) / spins;
        }
        return power / siteDims.Length;
    }
}
