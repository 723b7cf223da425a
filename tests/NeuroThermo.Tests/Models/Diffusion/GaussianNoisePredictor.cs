using NeuroThermo.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Diffusion;

/// <summary>
/// The exact noise predictor of Gaussian data x_0 ~ N(μ, diag s²): x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε is Gaussian with
/// variance v_t = ᾱ_t s² + 1 − ᾱ_t per coordinate, and E[ε | x_t] = √(1 − ᾱ_t)(x_t − √ᾱ_t μ)/v_t. It is what a
/// perfectly trained ε-network would be, so samplers driven by it must reproduce N(μ, diag s²).
/// </summary>
internal sealed class GaussianNoisePredictor(NoiseSchedule schedule, double[] mean, double[] variance) : INoisePredictor
{
    public int Calls { get; private set; }

    public Tensor PredictNoise(Tensor noisy, Tensor steps)
    {
        Calls++;
        using var scope = torch.NewDisposeScope();
        var alphaBar = ForwardProcess.AlphaBarTensor(schedule, noisy.dtype).index_select(0, steps).unsqueeze(1); // (B, 1)
        var mu = torch.tensor(mean).to(noisy.dtype).unsqueeze(0);                                                // (1, D)
        var s2 = torch.tensor(variance).to(noisy.dtype).unsqueeze(0);                                            // (1, D)
        var v = alphaBar * s2 + (1 - alphaBar);                                                                  // (B, D)
        return ((1 - alphaBar).sqrt() * (noisy - alphaBar.sqrt() * mu) / v).MoveToOuterDisposeScope();
    }
}
