namespace NeuroThermo.Experiments;

/// <summary>Where <c>bm.train</c> takes the model term ⟨s_i s_j⟩_model of the learning rule from.</summary>
public enum BoltzmannModelTerm
{
    /// <summary>Enumeration of all 2^N states: deterministic gradient descent on the exact KL divergence.</summary>
    Exact,

    /// <summary>Persistent heat-bath chains (stochastic; the exact KL is still what is reported).</summary>
    Persistent,
}

/// <summary>
/// Hyper-parameters of <c>bm.train</c>: a fully visible Boltzmann machine learns the bars-and-stripes patterns by the
/// Boltzmann learning rule, with the exact KL divergence to the data logged as it goes.
/// </summary>
public sealed record BmTrainConfig
{
    /// <summary>L of the L × L bars-and-stripes images; 4 gives 16 units and 30 patterns, 2^16 states to enumerate.</summary>
    [ConfigRange(2, 4)]
    public int Side { get; init; } = 4;

    /// <summary>Exact enumeration by default: cheap at 16 units and free of sampling noise.</summary>
    public BoltzmannModelTerm ModelTerm { get; init; } = BoltzmannModelTerm.Exact;

    /// <summary>β of the machine; with β = 1 the weights are the couplings βJ themselves.</summary>
    [ConfigRange(0, 100, MinimumExclusive = true)]
    public double InverseTemperature { get; init; } = 1;

    /// <summary>Learning steps (full-batch: the data term is the whole data set's moments).</summary>
    [ConfigRange(1, 10_000_000)]
    public int Steps { get; init; } = 1000;

    /// <summary>η of ΔJ_ij = η(⟨s_i s_j⟩_data − ⟨s_i s_j⟩_model); 0.1 is stable for 16 units with moments of order 1.</summary>
    [ConfigRange(0, 100, MinimumExclusive = true)]
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Persistent chains (used when modelTerm is persistent); a few hundred keep the sampled moments within a few percent.</summary>
    [ConfigRange(1, 1_000_000)]
    public int Chains { get; init; } = 500;

    /// <summary>Heat-bath sweeps of the persistent chains per step.</summary>
    [ConfigRange(1, 10_000)]
    public int SweepsPerStep { get; init; } = 1;

    /// <summary>Steps between evaluations of the exact KL divergence (logged to metrics.jsonl and plotted).</summary>
    [ConfigRange(1, 10_000_000)]
    public int EvaluateEvery { get; init; } = 50;
}
