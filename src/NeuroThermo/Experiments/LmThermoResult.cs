using NeuroThermo.Physics;

namespace NeuroThermo.Experiments;

/// <summary>Text sampled after a prompt at one temperature.</summary>
/// <param name="Temperature">The sampling temperature T.</param>
/// <param name="Text">The prompt and its continuation.</param>
/// <param name="LogProbability">ln p of the new tokens under the sampling distribution.</param>
/// <param name="MeanEntropy">The entropy of the sampling distribution averaged over the new tokens (nats).</param>
public sealed record LmThermoSample(double Temperature, string Text, double LogProbability, double MeanEntropy);

/// <summary>The Boltzmann view of one prompt's next-token distribution.</summary>
/// <param name="Prompt">The prompt text.</param>
/// <param name="PromptTokens">Its length in tokens.</param>
/// <param name="Spectrum">Energies E_i = −z_i of the next token.</param>
/// <param name="GroundToken">The text of the most probable next token (the first of them if tied).</param>
/// <param name="ClosedForm">ln Z, F, U, S and C at each temperature from the moments of the Boltzmann weights.</param>
/// <param name="Autograd">ln Z, U and C at each temperature by autograd of ln Z(β) in float64.</param>
/// <param name="InternalEnergyDeviation">max |U_closed − U_autograd| / max|E| over the grid.</param>
/// <param name="HeatCapacityDeviation">max |C_closed − C_autograd| / (β²⟨E²⟩), the scale of the terms autograd subtracts.</param>
/// <param name="Samples">Text sampled at each of the config's sample temperatures.</param>
public sealed record LmThermoPrompt(
    string Prompt,
    int PromptTokens,
    FiniteSpectrum Spectrum,
    string GroundToken,
    IReadOnlyList<SpectrumThermodynamics> ClosedForm,
    EnergyCurves Autograd,
    double InternalEnergyDeviation,
    double HeatCapacityDeviation,
    IReadOnlyList<LmThermoSample> Samples)
{
    /// <summary>The closed form at the lowest temperature of the grid, for the T → 0 checks.</summary>
    public SpectrumThermodynamics Coldest => ClosedForm[0];

    /// <summary>The closed form at the highest temperature of the grid, for the T → ∞ checks.</summary>
    public SpectrumThermodynamics Hottest => ClosedForm[^1];

    /// <summary>The temperature of the largest heat capacity on the grid (the Schottky-like peak).</summary>
    public SpectrumThermodynamics HeatCapacityPeak => ClosedForm.MaxBy(p => p.HeatCapacity);
}

/// <summary>What <c>lm.thermo</c> computed.</summary>
/// <param name="TrainedRun">The lm.train run directory whose model was read.</param>
/// <param name="Temperatures">The log-spaced grid.</param>
/// <param name="Prompts">One entry per prompt of the config.</param>
public sealed record LmThermoResult(string TrainedRun, IReadOnlyList<double> Temperatures, IReadOnlyList<LmThermoPrompt> Prompts);
