using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Physics.Energies;

/// <summary>
/// The Sherrington–Kirkpatrick model: a <see cref="SpinGlassModel"/> on the complete graph with independent Gaussian
/// couplings J_ij = J_ji ~ N(0, J²/N) for i &lt; j, so that E(s) = −Σ_{i&lt;j} J_ij s_i s_j − h Σ_i s_i has an extensive
/// ground-state energy. Weights e^{−βE}, β = 1/T, k_B = 1; at h = 0 the spin-glass transition is at βJ = 1.
/// </summary>
public static class SherringtonKirkpatrick
{
    /// <summary>Draws one sample of N spins with coupling scale J and uniform field h from <paramref name="generator"/>.</summary>
    public static SpinGlassModel Sample(int spins, Generator generator, double scale = 1, double field = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (spins < 2) throw new ArgumentOutOfRangeException(nameof(spins), spins, "The SK model needs at least two spins.");
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The coupling scale J must be positive and finite.");
        if (!double.IsFinite(field)) throw new ArgumentOutOfRangeException(nameof(field), field, "The field h must be finite.");
        using var scope = torch.NewDisposeScope();
        var gaussian = torch.randn([spins, spins], torch.float64, generator: generator);   // (N, N), only i < j is used
        var upper = gaussian.triu(1) * (scale / Math.Sqrt(spins));
        var couplings = upper + upper.t();                                       // symmetric, zero diagonal
        var fields = torch.full([spins], field, torch.float64);
        return new SpinGlassModel(couplings.DetachFromDisposeScope(), fields.DetachFromDisposeScope(), ownsParameters: true);
    }
}
