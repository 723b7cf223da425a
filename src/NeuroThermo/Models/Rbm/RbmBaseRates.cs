using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Rbm;

/// <summary>
/// The visible biases of independent units that reproduce the data's per-pixel rates: for Bernoulli units
/// a_i = ln(p_i/(1 − p_i)) with p_i the fraction of the data with pixel i on (Hinton's guide, §8), for spins
/// a_i = ½ ln(p_i/(1 − p_i)) with p_i = P(v_i = +1). They start training and are AIS's base-rate model.
/// </summary>
public static class RbmBaseRates
{
    /// <summary>
    /// Rates are taken as (count + 1)/(N + 2) — Laplace's rule — so that a pixel never on in the data gets a large
    /// negative bias instead of −∞.
    /// </summary>
    public static Tensor VisibleBiases(RbmUnits units, Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.dim() != 2 || data.size(0) < 1)
            throw new ArgumentException("The data must be a non-empty (N, V) batch.", nameof(data));
        using var scope = torch.NewDisposeScope();
        var on = units == RbmUnits.Bernoulli ? data : (data + 1.0) * 0.5;          // (N, V) of 0/1
        var rate = (on.sum(0L) + 1.0) / (data.size(0) + 2.0);                        // (V)
        var logit = (rate / (1.0 - rate)).log();
        var biases = units == RbmUnits.Bernoulli ? logit : logit * 0.5;
        return biases.MoveToOuterDisposeScope();
    }
}
