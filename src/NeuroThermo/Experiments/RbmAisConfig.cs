namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>rbm.ais</c>: the test log-likelihood of a trained <c>rbm.train</c> machine from a fresh,
/// independent AIS estimate of its ln Z.
/// </summary>
public sealed record RbmAisConfig
{
    /// <summary>
    /// The trained run: an <c>rbm.train</c> run directory, or the stem <c>runs/&lt;name&gt;</c> of one, which picks the
    /// newest <c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>.
    /// </summary>
    public string TrainedRun { get; init; } = "runs/rbm-fashion-cd1";

    /// <summary>Parallel AIS runs; Salakhutdinov and Murray used 100.</summary>
    [ConfigRange(2, 100_000)]
    public int Runs { get; init; } = 100;

    /// <summary>β values, spread over 0–0.5 / 0.5–0.9 / 0.9–1 in the standard proportions; 14,500 is their exact schedule.</summary>
    [ConfigRange(29, 100_000_000)]
    public int Steps { get; init; } = 14_500;

    /// <summary>Independent repetitions of the whole estimate, to show its spread beside the ±3σ bracket of each.</summary>
    [ConfigRange(1, 100)]
    public int Repetitions { get; init; } = 3;
}
