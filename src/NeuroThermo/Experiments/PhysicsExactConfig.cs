using NeuroThermo.Physics.Energies;

namespace NeuroThermo.Experiments;

/// <summary>The energies <c>physics.exact</c> can solve.</summary>
public enum PhysicsModel
{
    /// <summary>E = −J Σ_⟨ij⟩ s_i s_j − h Σ_i s_i on <see cref="PhysicsExactConfig.Lattice"/> (eq. 2.30).</summary>
    Ising,

    /// <summary>E = −(J/2N) Σ_{i≠j} s_i s_j − h Σ_i s_i on N = size spins (eq. 2.41), by the binomial sum.</summary>
    CurieWeiss,

    /// <summary>E = −Σ_⟨ij⟩ J_ij s_i s_j − h Σ_i s_i with random or given bonds on the lattice (eq. 2.61).</summary>
    EdwardsAnderson,

    /// <summary>E = −Σ_{i&lt;j} J_ij s_i s_j − h Σ_i s_i with J_ij ~ N(0, J²/N) on N = size spins.</summary>
    SherringtonKirkpatrick,
}

/// <summary>The graphs the Ising and Edwards–Anderson models of <c>physics.exact</c> live on.</summary>
public enum LatticeShape
{
    /// <summary>A chain of size sites.</summary>
    Chain,

    /// <summary>A size × size square lattice.</summary>
    Square,

    /// <summary>A size^dimension hypercubic lattice.</summary>
    Cubic,

    /// <summary>The complete graph on size sites.</summary>
    Complete,
}

/// <summary>
/// Hyper-parameters of <c>physics.exact</c>: one spin model and a grid of temperatures; the run computes F, U, S, C,
/// ⟨|m|⟩ and χ exactly at every temperature (enumeration of all 2^N configurations, or the binomial sum for
/// Curie–Weiss) and overlays the mean-field, transfer-matrix, Onsager and high-temperature curves that apply.
/// </summary>
public sealed record PhysicsExactConfig
{
    /// <summary>Which energy. Ising is the default because its 4×4 square lattice has Onsager's solution to compare with.</summary>
    public PhysicsModel Model { get; init; } = PhysicsModel.Ising;

    /// <summary>The graph of the Ising and Edwards–Anderson models (ignored by the fully connected ones). Square by default,
    /// the lattice of Onsager's solution.</summary>
    public LatticeShape Lattice { get; init; } = LatticeShape.Square;

    /// <summary>Linear size: sites of a chain, side of a square or cube; for Curie–Weiss and SK the number of spins.
    /// 4 gives a 4×4 lattice, 65,536 configurations, instant to enumerate. Enumeration stops at 26 spins;
    /// Curie–Weiss goes to 10⁷.</summary>
    [ConfigRange(1, 10_000_000)]
    public int Size { get; init; } = 4;

    /// <summary>Dimension of a cubic lattice; 3 is the simple cubic lattice.</summary>
    [ConfigRange(1, 8)]
    public int Dimension { get; init; } = 3;

    /// <summary>Periodic boundaries (a ring, a torus) rather than open ones; periodic by default, as in Onsager's solution.</summary>
    public bool Periodic { get; init; } = true;

    /// <summary>J: the coupling of Ising and Curie–Weiss, the bond scale of Edwards–Anderson and SK. 1 sets the energy unit.</summary>
    [ConfigRange(-1000, 1000)]
    public double Coupling { get; init; } = 1;

    /// <summary>h, the uniform field. 0 by default: the symmetric case in which the exact solutions are known.</summary>
    [ConfigRange(-1000, 1000)]
    public double Field { get; init; } = 0;

    /// <summary>How Edwards–Anderson bonds are drawn when <see cref="BondValues"/> is not given: ±J by default, the classic
    /// frustrated glass.</summary>
    public BondDistribution Bonds { get; init; } = BondDistribution.PlusMinus;

    /// <summary>Explicit Edwards–Anderson bonds, one per lattice bond in the lattice's order (site by site, +x then +y …);
    /// null draws them from the run's seed.</summary>
    [ConfigRange(-1000, 1000)]
    public double[]? BondValues { get; init; }

    /// <summary>Lowest temperature of the grid. 0.5 J is deep in the ordered phase of the 2D Ising model (T_c ≈ 2.27 J).</summary>
    [ConfigRange(0, 1e6, MinimumExclusive = true)]
    public double TemperatureMin { get; init; } = 0.5;

    /// <summary>Highest temperature of the grid; 5 J is well into the paramagnet.</summary>
    [ConfigRange(0, 1e6, MinimumExclusive = true)]
    public double TemperatureMax { get; init; } = 5;

    /// <summary>Temperatures, evenly spaced from the lowest to the highest; 46 gives a step of 0.1 on the default grid.</summary>
    [ConfigRange(2, 10_000)]
    public int TemperaturePoints { get; init; } = 46;
}
