using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Optim;

/// <summary>torch.nn.utils.clip_grad_norm_ on TorchSharp parameters.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their joint p-norm is at most <paramref name="max_norm"/>; returns the
    /// norm before clipping. As in PyTorch, the scale is max_norm / (norm + 1e-6), capped at 1, each gradient's norm is
    /// taken in its own dtype, and a NaN or infinite norm scales by NaN or 0 (a parameter without gradient is skipped).
    /// Unlike PyTorch, the per-gradient norms are combined in float64, not in the gradients' dtype, and at the cap the
    /// gradients are left untouched rather than multiplied by 1.
    /// </summary>
    public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm, double norm_type = 2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(max_norm > 0)) throw new ArgumentOutOfRangeException(nameof(max_norm), max_norm, "The largest gradient norm must be positive.");
        if (!(norm_type > 0)) throw new ArgumentOutOfRangeException(nameof(norm_type), norm_type, "The norm's order must be positive (or infinity).");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return 0;
        // The per-gradient norms in float64, so that the joint one of float32 gradients is not rounded twice.
        var norms = stack(grads.Select(g => linalg.vector_norm(g, norm_type).to(ScalarType.Float64)).ToList());
        var total = (double.IsPositiveInfinity(norm_type) ? norms.max() : linalg.vector_norm(norms, norm_type)).ItemAs<double>(); // from any device
        var factor = max_norm / (total + 1e-6);
        if (factor >= 1) return total;
        using var scale = factor.ToScalar();
        foreach (var g in grads) g.mul_(scale);
        return total;
    }
}
