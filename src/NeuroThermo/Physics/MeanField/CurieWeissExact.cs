using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Physics.MeanField;

/// <summary>
/// The Curie–Weiss model E = −(J/2N) Σ_{i≠j} s_i s_j − h Σ_i s_i = −(J/2N)(M² − N) − hM solved exactly for any N
/// (up to 10⁷) through the binomial sum over the magnetization (lecture notes eq. 2.48):
/// Z = Σ_{k=0}^{N} C(N, k) e^{−βE(M = 2k − N)}, k the number of up spins.
/// </summary>
/// <remarks>
/// The sum is taken in log space, ln Z = logsumexp_k [ln C(N, k) − βE_k], with ln C from an accurate ln n!, so it is
/// finite and precise at N = 10⁶ and β = 50. The same convention as <see cref="Energies.CurieWeissModel"/> (ordered
/// pairs i ≠ j), so the two agree exactly; weights e^{−βE}, β = 1/T, k_B = 1.
/// </remarks>
public sealed class CurieWeissExact : IDisposable
{
    /// <summary>Largest N: the sum has N + 1 terms per β, so 10⁷ is still fast, and ln C stays exact to ~1e-16 relative.</summary>
    public const int MaxSpins = 10_000_000;

    private readonly Tensor _logMultiplicity;   // (N + 1): ln C(N, k)
    private readonly Tensor _totals;            // (N + 1): M = 2k − N

    /// <summary>N spins with coupling J and field h.</summary>
    public CurieWeissExact(int spins, double coupling = 1, double field = 0)
    {
        if (spins is < 1 or > MaxSpins)
            throw new ArgumentOutOfRangeException(nameof(spins), spins, $"The binomial sum takes 1 to {MaxSpins} spins.");
        if (!double.IsFinite(coupling)) throw new ArgumentOutOfRangeException(nameof(coupling), coupling, "J must be finite.");
        if (!double.IsFinite(field)) throw new ArgumentOutOfRangeException(nameof(field), field, "h must be finite.");
        (SpinCount, Coupling, Field) = (spins, coupling, field);
        var logC = new double[spins + 1];
        var totals = new double[spins + 1];
        for (var k = 0; k <= spins; k++)
        {
            logC[k] = LogFactorial.Binomial(spins, k);
            totals[k] = 2.0 * k - spins;
        }
        _logMultiplicity = torch.tensor(logC).DetachFromDisposeScope();
        _totals = torch.tensor(totals).DetachFromDisposeScope();
    }

    public int SpinCount { get; }

    public double Coupling { get; }

    public double Field { get; }

    /// <summary>ln Z for each β of <paramref name="beta"/> (0-D or (B), float64, β ≥ 0), differentiable in β.</summary>
    public Tensor LogPartitionFunction(Tensor beta)
    {
        Numerics.CheckInverseTemperatures(beta, nameof(beta));
        using var scope = torch.NewDisposeScope();
        var column = beta.reshape(-1, 1);                                           // (B, 1)
        var logWeights = _logMultiplicity - column * LevelEnergies().unsqueeze(0);  // (B, N + 1)
        var logZ = logWeights.logsumexp(1);
        return (beta.dim() == 0 ? logZ.reshape([]) : logZ).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ln Z, U, C, F, S and the magnetization statistics at each β, from the exact distribution of k
    /// (same record as <see cref="Exact.ExactEnumeration.Thermodynamics"/>).
    /// </summary>
    public IReadOnlyList<ThermodynamicPoint> Thermodynamics(IReadOnlyList<double> betas)
    {
        Numerics.CheckInverseTemperatures(betas, nameof(betas));
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var energies = LevelEnergies();                                               // (N + 1)
        var column = torch.tensor(betas.ToArray(), [betas.Count, 1]);                 // (B, 1)
        var logWeights = _logMultiplicity - column * energies.unsqueeze(0);           // (B, N + 1)
        var logZ = logWeights.logsumexp(1, keepdim: true);                            // (B, 1)
        var probabilities = (logWeights - logZ).exp();                                // (B, N + 1): P(k)
        var mean = Guarded.matmul(probabilities, energies);                                    // (B)
        var variance = (probabilities * (energies.unsqueeze(0) - mean.unsqueeze(1)).square()).sum(1);   // two-pass, exact
        var (z, u, v) = (logZ.reshape(-1).ToArray<double>(), mean.ToArray<double>(), variance.ToArray<double>());
        var points = new ThermodynamicPoint[betas.Count];
        for (var b = 0; b < betas.Count; b++)
            points[b] = new ThermodynamicPoint(SpinCount, betas[b], z[b], u[b], v[b], probabilities[b].ToArray<double>());
        return points;
    }

    // E_k = −(J/2N)(M² − N) − hM for M = 2k − N.
    private Tensor LevelEnergies() =>
        -((_totals.square() - SpinCount) * (Coupling / (2.0 * SpinCount)) + _totals * Field);

    public void Dispose()
    {
        _logMultiplicity.Dispose();
        _totals.Dispose();
    }
}
