namespace NeuroThermo.Experiments;

/// <summary>
/// Hyper-parameters of <c>lm.thermo</c>: the next-token distribution of a trained <c>lm.train</c> model after each
/// prompt, read as a Boltzmann distribution with energies E_i = −z_i (the negated logits) on a log-spaced grid of
/// sampling temperatures, and text sampled at a few of them.
/// </summary>
public sealed record LmThermoConfig
{
    /// <summary>
    /// The trained run: an <c>lm.train</c> run directory, or the stem <c>runs/&lt;name&gt;</c> of one, which picks the
    /// newest <c>runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c>. A relative path is taken from the current directory, where
    /// <c>neurothermo run</c> puts runs/. The default is the stem of <c>configs/lm-fortunes.json</c>'s runs.
    /// </summary>
    public string TrainedRun { get; init; } = "runs/lm-fortunes";

    /// <summary>Texts whose next token is examined; the defaults end mid-word, after a space and after a fortune's
    /// separator, three situations with very different next-token entropies.</summary>
    public string[] Prompts { get; init; } = ["The q", "You will ", "%\n"];

    /// <summary>Lowest sampling temperature; 0.05 is far below the gaps between a small model's top logits, so S is near
    /// its T → 0 limit ln g.</summary>
    [ConfigRange(0, 1e6, MinimumExclusive = true)]
    public double TemperatureMin { get; init; } = 0.05;

    /// <summary>Highest temperature; at 20 a character model's distribution is nearly uniform (S close to ln V).</summary>
    [ConfigRange(0, 1e6, MinimumExclusive = true)]
    public double TemperatureMax { get; init; } = 20;

    /// <summary>Temperatures, log-spaced from the lowest to the highest; 61 gives about 23 per decade on the default range of
    /// 2.6 decades, enough to resolve the peak of C.</summary>
    [ConfigRange(2, 100_000)]
    public int TemperaturePoints { get; init; } = 61;

    /// <summary>Temperatures at which text is sampled after each prompt: greedy-like, sharpened, the model's own, and hot.</summary>
    [ConfigRange(0, 1e6, MinimumExclusive = true)]
    public double[] SampleTemperatures { get; init; } = [0.25, 0.5, 1, 2];

    /// <summary>Tokens generated per sample; 120 characters are two or three lines of a fortune.</summary>
    [ConfigRange(0, 100_000)]
    public int SampleTokens { get; init; } = 120;
}
