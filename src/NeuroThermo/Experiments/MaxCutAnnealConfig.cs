namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>maxcut.anneal</c>: a weighted graph read from an edge list or generated as G(N, p), its
/// maximum cut sought by simulated annealing of the equivalent Ising energy E(s) = Σ w_ij s_i s_j
/// (<see cref="Sampling.MaxCutProblem"/>), and compared with the exact optimum by enumeration when N ≤ 24.
/// </summary>
public sealed record MaxCutAnnealConfig
{
    /// <summary>An edge list ("i j w" per line, '#' comments, optional "vertices N" first); null generates a graph from the fields below.</summary>
    [DataFile]
    public string? GraphFile { get; init; }

    /// <summary>Vertices of a generated graph: 20 keeps the exact optimum (2^20 configurations) a second's work.</summary>
    [ConfigRange(2, 100_000)]
    public int Vertices { get; init; } = 20;

    /// <summary>Edge probability p of a generated G(N, p); 0.5 gives a dense, frustrated instance.</summary>
    [ConfigRange(0, 1, MinimumExclusive = true)]
    public double EdgeProbability { get; init; } = 0.5;

    /// <summary>Smallest weight of a generated edge.</summary>
    [ConfigRange(-1e6, 1e6)]
    public double MinimumWeight { get; init; } = 0.1;

    /// <summary>Largest weight of a generated edge; weights are uniform between the two, so ties (and easy optima) are rare.</summary>
    [ConfigRange(-1e6, 1e6)]
    public double MaximumWeight { get; init; } = 1;

    /// <summary>Independent annealing chains, run together as one batch; the best cut among them is reported.</summary>
    [ConfigRange(1, 100_000)]
    public int Chains { get; init; } = 32;

    /// <summary>β at the start, hot enough that any spin flips with a weight-sized ΔE.</summary>
    [ConfigRange(0, 1e3, MinimumExclusive = true)]
    public double BetaStart { get; init; } = 0.1;

    /// <summary>β at the end, cold enough that the chains settle into a local optimum.</summary>
    [ConfigRange(0, 1e3, MinimumExclusive = true)]
    public double BetaEnd { get; init; } = 10;

    /// <summary>Stages of the geometric schedule.</summary>
    [ConfigRange(1, 1_000_000)]
    public int Stages { get; init; } = 100;

    /// <summary>Sweeps at each stage; 100 × 5 = 500 sweeps per chain by default.</summary>
    [ConfigRange(1, 1_000_000)]
    public int SweepsPerStage { get; init; } = 5;
}
