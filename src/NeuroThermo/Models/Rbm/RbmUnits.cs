using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Rbm;

/// <summary>The values a unit of a restricted Boltzmann machine takes (lecture notes eq. 4.33).</summary>
public enum RbmUnits
{
    /// <summary>s ∈ {0, 1}: the machine-learning convention (Hinton's practical guide).</summary>
    Bernoulli,

    /// <summary>s ∈ {−1, +1}: Ising spins, the physics convention of eq. 4.33 and of the RG reading (eqs. 4.44–4.52).</summary>
    Spin,
}

/// <summary>
/// The single-unit sums that make an RBM tractable. A unit s coupled to a total field x contributes the factor
/// e^{s·x}; summing it over the unit's values gives ln Σ_s e^{s·x} = softplus(x) for {0, 1} and ln 2cosh x for {±1},
/// and the conditional law of s given x is the Boltzmann law of that one unit.
/// </summary>
public static class RbmUnitMath
{
    /// <summary>
    /// ln Σ_s e^{s·x} elementwise: softplus(x) = ln(1 + eˣ) for Bernoulli units, ln 2cosh x for spins; written as
    /// max(x, 0) + ln(1 + e^{−|x|}) (and |x| + ln(1 + e^{−2|x|})) so that it is exact in float64 at any |x|.
    /// Its derivative in x is <see cref="Mean"/>.
    /// </summary>
    public static Tensor LogStateSum(this RbmUnits units, Tensor field)
    {
        using var scope = torch.NewDisposeScope();
        var magnitude = field.abs();
        var result = units == RbmUnits.Bernoulli
            ? field.clamp_min(0) + (-magnitude).exp().log1p()
            : magnitude + (magnitude * -2.0).exp().log1p();
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>E[s | x] = ∂/∂x ln Σ_s e^{s·x}: σ(x) for Bernoulli units, tanh x for spins.</summary>
    public static Tensor Mean(this RbmUnits units, Tensor field) =>
        units == RbmUnits.Bernoulli ? field.sigmoid() : field.tanh();

    /// <summary>P(s = 1 | x) (the "on" value, 1 or +1): σ(x) for Bernoulli units, σ(2x) for spins.</summary>
    public static Tensor OnProbability(this RbmUnits units, Tensor field)
    {
        if (units == RbmUnits.Bernoulli) return field.sigmoid();
        using var doubled = field * 2.0;
        return doubled.sigmoid();
    }

    /// <summary>Unit values drawn from their conditional law given <paramref name="field"/>, in its dtype.</summary>
    public static Tensor Sample(this RbmUnits units, Tensor field, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var on = torch.bernoulli(units.OnProbability(field), generator);   // {0, 1}
        var values = units == RbmUnits.Bernoulli ? on : on * 2.0 - 1.0;
        return values.MoveToOuterDisposeScope();
    }

    /// <summary>Maps 0/1 "on" indicators (e.g. binary codes) to unit values: themselves, or 2s − 1 for spins.</summary>
    public static Tensor FromIndicators(this RbmUnits units, Tensor indicators) =>
        units == RbmUnits.Bernoulli ? indicators.clone() : indicators * 2.0 - 1.0;

    /// <summary>Maps ±1 spin configurations to unit values: (s + 1)/2 for Bernoulli units, themselves (copied) for spins.</summary>
    public static Tensor FromSpins(this RbmUnits units, Tensor spins) =>
        units == RbmUnits.Bernoulli ? (spins + 1.0) * 0.5 : spins.clone();

    /// <summary>The value of a flipped unit: 1 − s for Bernoulli units, −s for spins.</summary>
    public static Tensor Flip(this RbmUnits units, Tensor values) =>
        units == RbmUnits.Bernoulli ? 1.0 - values : -values;
}
