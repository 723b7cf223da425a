using NeuroThermo.Torch.Native;
using static NeuroThermo.Torch.torch;

namespace NeuroThermo.Torch.Optim;

/// <summary>Options of Adam and AdamW.</summary>
/// <param name="beta1">Decay of the first-moment (mean) estimate.</param>
/// <param name="beta2">Decay of the second-moment (uncentred variance) estimate.</param>
/// <param name="eps">Added to √v̂ so that a zero second moment does not divide by zero.</param>
/// <param name="weight_decay">Adam: L2 penalty added to the gradient; AdamW: decoupled decay θ ← θ(1 − ηλ).</param>
/// <param name="amsgrad">Use the running maximum of v (Reddi et al., 2018).</param>
/// <param name="fused">
/// The whole update of a parameter in one pass over its elements (a native kernel) instead of one pass per
/// tensor operation. Null, the default: fused wherever it applies (a contiguous float32 or float64 CPU
/// parameter, no AMSGrad), the separate operations elsewhere. True demands the kernel and throws where it
/// does not apply; false always takes the separate operations. The two agree to a few units in the last
/// place (libtorch's kernels contract some multiply–adds into one rounding, the fused one never does).
/// </param>
public sealed record AdamOptions(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false,
    bool? fused = null)
{
    internal void Validate()
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "must be in [0, 1)");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "must be non-negative");
        if (!(weight_decay >= 0)) throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, "must be non-negative");
        if (fused == true && amsgrad) throw new ArgumentException("the fused Adam kernel has no AMSGrad: set fused to null or false", nameof(fused));
    }
}

/// <summary>
/// Adam (Kingma and Ba): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂ / (√v̂ + ε) with the bias
/// corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). With <see cref="Decoupled"/> the weight decay is
/// AdamW's (Loshchilov and Hutter) rather than an L2 term in g. The same update as torch.optim.
/// </summary>
public class Adam : Optimizer<AdamOptions>
{
    public Adam(IEnumerable<ParamGroup<AdamOptions>> groups) : base(groups)
    {
        foreach (var g in param_groups) g.Options.Validate();
    }

    /// <summary>True for AdamW: decay multiplies the parameter instead of entering the gradient.</summary>
    protected virtual bool Decoupled => false;

    protected override void Update(Parameter parameter, Tensor grad, ParamGroup<AdamOptions> group)
    {
        var o = group.Options;
        var step = (double)step_count;
        if (o.fused != false && !o.amsgrad && FusedKernelApplies(parameter, grad, o.fused == true))
        {
            UpdateFused(parameter, grad, group, step);
            return;
        }
        if (o.weight_decay != 0)
        {
            if (Decoupled) parameter.mul_(1 - group.lr * o.weight_decay);
            else grad = grad.add(parameter, o.weight_decay);
        }
        var m = State(parameter, "exp_avg", () => zeros_like(parameter));
        var v = State(parameter, "exp_avg_sq", () => zeros_like(parameter));
        m.mul_(o.beta1).add_(grad, 1 - o.beta1);
        v.mul_(o.beta2).addcmul_(grad, grad, 1 - o.beta2);
        var biasCorrection1 = 1 - Math.Pow(o.beta1, step);
        var biasCorrection2 = 1 - Math.Pow(o.beta2, step);
        var second = v;
        if (o.amsgrad)
        {
            var max = State(parameter, "max_exp_avg_sq", () => zeros_like(parameter));
            max.copy_(max.maximum(v));
            second = max;
        }
        var denominator = second.sqrt().div_(Math.Sqrt(biasCorrection2)).add_(o.eps);
        parameter.addcdiv_(m, denominator, -group.lr / biasCorrection1);
    }

    private unsafe void UpdateFused(Parameter parameter, Tensor grad, ParamGroup<AdamOptions> group, double step)
    {
        var o = group.Options;
        var m = State(parameter, "exp_avg", () => zeros_like(parameter));
        var v = State(parameter, "exp_avg_sq", () => zeros_like(parameter));
        var options = stackalloc double[]
        {
            group.lr, o.beta1, o.beta2, o.eps, o.weight_decay, Decoupled ? 1 : 0,
            1 - Math.Pow(o.beta1, step), 1 - Math.Pow(o.beta2, step),
        };
        NativeMethods.Check(NativeMethods.nt_adam_step(parameter.Handle, grad.Handle, m.Handle, v.Handle, options, 8));
        GC.KeepAlive(parameter);
        GC.KeepAlive(grad);
    }

    /// <summary>
    /// Whether the native kernel can update this parameter: contiguous CPU float32 or float64 with a gradient of
    /// the same kind. With <paramref name="required"/> a parameter it cannot update is an error.
    /// </summary>
    private static bool FusedKernelApplies(Tensor parameter, Tensor grad, bool required)
    {
        var dtype = parameter.dtype;
        var applies = dtype is ScalarType.Float32 or ScalarType.Float64
            && parameter.device.Type == DeviceType.CPU && grad.dtype == dtype && grad.device.Type == DeviceType.CPU
            && parameter.is_contiguous() && grad.is_contiguous();
        if (!applies && required)
            throw new ArgumentException($"the fused Adam kernel takes contiguous float32 or float64 CPU parameters and gradients; "
                + $"this parameter is {dtype} on {parameter.device.Type}{(parameter.is_contiguous() ? "" : ", not contiguous")} "
                + "(set fused to null to fall back to the separate operations)");
        return applies;
    }
}

/// <summary>Adam with decoupled weight decay (default λ = 0.01, as in PyTorch).</summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<ParamGroup<AdamOptions>> groups) : base(groups) { }

    protected override bool Decoupled => true;
}
