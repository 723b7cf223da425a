using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Optim;

/// <summary>
/// Options of Adam and AdamW; the defaults are torch.optim.Adam's. AdamW's weight decay of 0.01 (PyTorch's) is the
/// default of <see cref="optim.AdamW"/>, not of this record; TorchSharp's own AdamW defaults it to 0.
/// </summary>
public sealed record AdamOptions
{
    public AdamOptions(
        double beta1 = 0.9,      // the mean estimate averages over about 1/(1 − β₁) = 10 steps
        double beta2 = 0.999,    // the second moment over about 1,000 steps
        double eps = 1e-8,       // keeps a zero second moment from dividing by zero, far below any √v̂ that moves θ
        double weight_decay = 0, // Adam: no L2 term (AdamW callers pass theirs, or take optim.AdamW's 0.01)
        bool amsgrad = false)    // the running v, not its running maximum
    {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weight_decay = weight_decay;
        this.amsgrad = amsgrad;
    }

    /// <summary>Decay β₁ of the first-moment (mean) estimate.</summary>
    public double beta1
    {
        get;
        init => field = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(beta1), value, "beta1 must be in [0, 1).");
    }

    /// <summary>Decay β₂ of the second-moment (uncentred variance) estimate.</summary>
    public double beta2
    {
        get;
        init => field = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(beta2), value, "beta2 must be in [0, 1).");
    }

    /// <summary>ε, added to √v̂.</summary>
    public double eps
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(eps), value, "eps must be non-negative.");
    }

    /// <summary>Adam: L2 penalty λ added to the gradient as λ·θ; AdamW: decoupled decay θ ← θ(1 − ηλ).</summary>
    public double weight_decay
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(weight_decay), value, "The weight decay must be non-negative.");
    }

    /// <summary>Divide by the running maximum of v̂ instead of v̂ (Reddi et al., 2018).</summary>
    public bool amsgrad { get; init; }
}

/// <summary>
/// Adam (Kingma and Ba): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂ / (√v̂ + ε) with the bias corrections
/// m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). With <see cref="Decoupled"/> the weight decay is AdamW's (Loshchilov and Hutter)
/// rather than an L2 term in g. The same update, in the same order of operations, as torch.optim; every
/// hyper-parameter reaches libtorch as a double, so a float64 model is updated with float64-exact constants.
/// </summary>
public class Adam : Optimizer<AdamOptions>
{
    private static readonly string[] Names = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    public Adam(IEnumerable<ParamGroup<AdamOptions>> groups) : base(groups) { }

    /// <summary>True for AdamW: decay multiplies the parameter instead of entering the gradient.</summary>
    protected virtual bool Decoupled => false;

    protected sealed override IReadOnlyCollection<string> StateNames => Names;

    protected sealed override void Update(Parameter parameter, Tensor grad, ParamGroup<AdamOptions> group)
    {
        var o = group.Options;
        var biasCorrection1 = 1 - Math.Pow(o.beta1, step_count);
        var biasCorrection2 = 1 - Math.Pow(o.beta2, step_count);
        if (o.weight_decay != 0)
        {
            using var decay = (Decoupled ? 1 - group.lr * o.weight_decay : o.weight_decay).ToScalar();
            if (Decoupled) parameter.mul_(decay);
            else grad = grad.add(parameter, decay);
        }
        var m = State(parameter, "exp_avg", () => zeros_like(parameter));
        var v = State(parameter, "exp_avg_sq", () => zeros_like(parameter));
        using (Scalar beta1 = o.beta1.ToScalar(), newWeight1 = (1 - o.beta1).ToScalar())
            m.mul_(beta1).add_(grad, newWeight1);
        using (Scalar beta2 = o.beta2.ToScalar(), newWeight2 = (1 - o.beta2).ToScalar())
            v.mul_(beta2).addcmul_(grad, grad, newWeight2);
        var second = v;
        if (o.amsgrad)
        {
            second = State(parameter, "max_exp_avg_sq", () => zeros_like(parameter));
            second.copy_(second.maximum(v));
        }
        using Scalar rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar(), eps = o.eps.ToScalar();
        using Scalar stepSize = (-group.lr / biasCorrection1).ToScalar();
        var denominator = second.sqrt().div_(rootCorrection2).add_(eps); // √v̂ + ε
        parameter.addcdiv_(m, denominator, stepSize);
    }
}

/// <summary>Adam with decoupled weight decay, θ ← θ(1 − ηλ) before the Adam step (Loshchilov and Hutter).</summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<ParamGroup<AdamOptions>> groups) : base(groups) { }

    protected override bool Decoupled => true;
}
