using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Native;

namespace NeuroThermo.Sampling.Native;

/// <summary>
/// Checkerboard Metropolis for the Ising model on a periodic L×L square lattice,
/// E(s) = −J Σ_⟨ij⟩ s_i s_j − h Σ_i s_i (each of the 2L² bonds once), weights e^{−βE} with β = 1/T, k_B = 1,
/// for a batch of independent chains.
/// </summary>
/// <remarks>
/// A sweep proposes a flip of every site with (row + column) even, all at once, then of every odd one.
/// Same-coloured sites are not neighbours, so each half-sweep is an exact sequence of single-spin Metropolis
/// steps: a flip with energy change ΔE = 2 s_i (J Σ_j s_j + h) is accepted with probability min(1, e^{−βΔE}),
/// except that ΔE = 0 is accepted with probability <see cref="ZeroChangeAcceptance"/> = ½ (see there why).
/// Only ten values of ΔE occur (spin ±1, neighbour sum −4…4), so both backends precompute their acceptance
/// test. The chain state is an explicit <see cref="CheckerboardState"/>: pass it to <see cref="Run"/>, save it,
/// load it, and the chain continues bit-identically. Which backend does the work is chosen with
/// <see cref="CheckerboardBackend"/>; docs/benchmarks.md records their speed.
/// </remarks>
public sealed class SquareIsingCheckerboard
{
    /// <summary>
    /// A sampler for L = <paramref name="size"/> (even, at least 2) at inverse temperature
    /// <paramref name="inverseTemperature"/> (β ≥ 0), coupling J and field h.
    /// </summary>
    public SquareIsingCheckerboard(int size, double inverseTemperature, double coupling = 1, double field = 0,
        CheckerboardBackend backend = CheckerboardBackend.Native)
    {
        if (size < 2 || size % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "The lattice size L must be even and at least 2, because the checkerboard needs equally many sites of each colour on every row of a periodic lattice.");
        if (!(inverseTemperature >= 0) || double.IsInfinity(inverseTemperature))
            throw new ArgumentOutOfRangeException(nameof(inverseTemperature), inverseTemperature, "The inverse temperature β must be finite and non-negative.");
        if (!double.IsFinite(coupling))
            throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "The coupling J must be a finite number.");
        if (!double.IsFinite(field))
            throw new ArgumentOutOfRangeException(nameof(field), field, "The field h must be a finite number.");
        if (!Enum.IsDefined(backend))
            throw new ArgumentOutOfRangeException(nameof(backend), backend, "The backend must be Tensor or Native.");
        Size = size;
        InverseTemperature = inverseTemperature;
        Coupling = coupling;
        Field = field;
        Backend = backend;
        Thresholds = AcceptanceThresholds(inverseTemperature, coupling, field);
    }

    /// <summary>Linear size L.</summary>
    public int Size { get; }

    /// <summary>β = 1/T.</summary>
    public double InverseTemperature { get; }

    /// <summary>J.</summary>
    public double Coupling { get; }

    /// <summary>h.</summary>
    public double Field { get; }

    /// <summary>The backend that carries out the sweeps.</summary>
    public CheckerboardBackend Backend { get; }

    /// <summary>Number of sites N = L².</summary>
    public long Sites => (long)Size * Size;

    // The native kernel's acceptance limits on 31-bit random words, [spin −1, +1] × [neighbour sum −4…4].
    internal uint[] Thresholds { get; }

    /// <summary>
    /// <paramref name="chains"/> new chains: every spin +1 when <paramref name="ordered"/>, else independent
    /// fair coin flips; generator state from <paramref name="seed"/> alone.
    /// </summary>
    public CheckerboardState Initialize(int chains, ulong seed, bool ordered = false)
    {
        if (chains < 1)
            throw new ArgumentOutOfRangeException(nameof(chains), chains, "The number of chains must be at least 1.");
        long half = Size / 2;
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(seed);
        long[] shape = [chains, 4, half, half];
        var spins = ordered
            ? torch.ones(shape, ScalarType.Int8)
            : torch.randint(0, 2, shape, ScalarType.Int8, generator: generator).mul_(2).sub_(1);
        Tensor random;
        if (Backend == CheckerboardBackend.Native)
        {
            random = torch.empty([chains, Size, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes], ScalarType.Int32);
            // The spins used the torch generator's stream; a distinct seed keeps the kernel's lanes unrelated to it.
            IsingCheckerboardKernel.Seed(random, seed ^ 0x5851F42D4C957F2DUL);
        }
        else
        {
            random = torch.randint(long.MinValue / 2, long.MaxValue / 2, shape, ScalarType.Int64, generator: generator);
        }
        return new CheckerboardState(Backend, spins.MoveToOuterDisposeScope(), random.MoveToOuterDisposeScope(), 0);
    }

    /// <summary>
    /// Advances every chain of <paramref name="state"/> by <paramref name="sweeps"/> sweeps, in place, and
    /// returns the energy and magnetisation per spin after each sweep.
    /// </summary>
    public CheckerboardTrace Run(CheckerboardState state, int sweeps)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (sweeps < 0)
            throw new ArgumentOutOfRangeException(nameof(sweeps), sweeps, "The number of sweeps must be non-negative.");
        CheckState(state, "the state");
        if (state.Size != Size)
            throw new ArgumentException($"The state holds an L = {state.Size} lattice; this sampler expects L = {Size}.", nameof(state));
        if (state.Backend != Backend)
            throw new ArgumentException($"The state's generator belongs to the {state.Backend} backend; this sampler runs the {Backend} backend.", nameof(state));
        int chains = state.Chains;
        var bonds = new long[(long)sweeps * chains];
        var spinSums = new long[(long)sweeps * chains];
        if (Backend == CheckerboardBackend.Native)
        {
            IsingCheckerboardKernel.Sweeps(state.Spins, state.RandomState, Thresholds, sweeps, bonds, spinSums);
        }
        else
        {
            RunTensor(state, sweeps, bonds, spinSums);
        }
        state.SweepCount += sweeps;
        return Trace(bonds, spinSums, sweeps, chains);
    }

    /// <summary>The spins of every chain as a (chains, L, L) int8 ±1 lattice (a copy).</summary>
    public static Tensor ToLattice(CheckerboardState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        long chains = state.Chains, half = state.Size / 2;
        using var scope = torch.NewDisposeScope();
        var lattice = torch.empty([chains, state.Size, state.Size], ScalarType.Int8);
        var sites = lattice.view(chains, half, 2, half, 2);   // (C, L, L) -> (C, i, row parity, k, column parity)
        for (int q = 0; q < 4; q++)
        {
            int rowParity = q % 2, columnParity = rowParity ^ (q / 2);
            sites.select(4, columnParity).select(2, rowParity).copy_(state.Spins.select(1, q));
        }
        return lattice.MoveToOuterDisposeScope();
    }

    internal static void CheckState(CheckerboardState state, string source)
    {
        var spins = state.Spins;
        var s = spins.shape;
        if (spins.dtype != ScalarType.Int8 || s.Length != 4 || s[1] != 4 || s[2] != s[3] || s[2] < 1 || s[0] < 1)
            throw new InvalidDataException($"{source}: expected spins of shape (chains, 4, L/2, L/2) and type int8, got ({string.Join(", ", s)}) {spins.dtype}.");
        long chains = s[0], half = s[2];
        long[] expected = state.Backend == CheckerboardBackend.Native
            ? [chains, 2 * half, IsingCheckerboardKernel.Words, IsingCheckerboardKernel.Lanes]
            : [chains, 4, half, half];
        var type = state.Backend == CheckerboardBackend.Native ? ScalarType.Int32 : ScalarType.Int64;
        if (state.RandomState.dtype != type || !state.RandomState.shape.SequenceEqual(expected))
            throw new InvalidDataException($"{source}: expected a {state.Backend} generator state of shape ({string.Join(", ", expected)}) and type {type}, got ({string.Join(", ", state.RandomState.shape)}) {state.RandomState.dtype}.");
    }

    private void RunTensor(CheckerboardState state, int sweeps, long[] bonds, long[] spinSums)
    {
        using var sweep = new TensorCheckerboardSweep(state, InverseTemperature, Coupling, Field);
        using var outer = torch.NewDisposeScope();
        var bondTrace = torch.empty([Math.Max(sweeps, 1), state.Chains], ScalarType.Int64);
        var spinTrace = torch.empty([Math.Max(sweeps, 1), state.Chains], ScalarType.Int64);
        for (int t = 0; t < sweeps; t++)
        {
            using var scope = torch.NewDisposeScope();
            var (b, m) = sweep.Sweep();
            bondTrace.select(0, t).copy_(b);
            spinTrace.select(0, t).copy_(m);
        }
        if (sweeps == 0) return;
        bondTrace.CopyTo<long>(bonds);
        spinTrace.CopyTo<long>(spinSums);
    }

    private CheckerboardTrace Trace(long[] bonds, long[] spinSums, int sweeps, int chains)
    {
        var energy = new double[sweeps, chains];
        var magnetization = new double[sweeps, chains];
        double n = Sites;
        for (int t = 0; t < sweeps; t++)
        {
            for (int c = 0; c < chains; c++)
            {
                long b = bonds[t * chains + c], m = spinSums[t * chains + c];
                energy[t, c] = (-Coupling * b - Field * m) / n;
                magnetization[t, c] = m / n;
            }
        }
        return new CheckerboardTrace(energy, magnetization);
    }

    /// <summary>
    /// Acceptance probability of a flip that leaves the energy unchanged. Plain Metropolis uses 1, and then a
    /// checkerboard sweep is not ergodic: in a stripe pattern of width one every site has two aligned and two
    /// opposed neighbours, so every flip is accepted with certainty, the whole lattice inverts each half-sweep
    /// and the chain never leaves that cycle (on a 4×4 lattice chains fall into it within a few hundred sweeps
    /// and the χ² test against exact enumeration fails by 20 orders of magnitude). Any constant in (0, 1]
    /// satisfies detailed balance for ΔE = 0, because the reverse move also has ΔE = 0; ½ breaks the cycles.
    /// </summary>
    public const double ZeroChangeAcceptance = 0.5;

    private static uint[] AcceptanceThresholds(double beta, double coupling, double field)
    {
        // A 31-bit word r is uniform on [0, 2^31): P(r < t) = t / 2^31, so t = p·2^31 reproduces p to 2^-31.
        const double Scale = 2147483648.0;
        var thresholds = new uint[10];
        for (int spinIndex = 0; spinIndex < 2; spinIndex++)
        {
            int spin = 2 * spinIndex - 1;
            for (int k = 0; k < 5; k++)
            {
                int neighbourSum = 2 * k - 4;
                double deltaE = 2 * spin * (coupling * neighbourSum + field);
                double p = deltaE == 0 ? ZeroChangeAcceptance : Math.Exp(-beta * deltaE);
                thresholds[5 * spinIndex + k] = p >= 1 ? (uint)Scale : (uint)Math.Floor(p * Scale);
            }
        }
        return thresholds;
    }
}
