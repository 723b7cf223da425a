namespace NeuroThermo.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.utils.</summary>
        public static class utils
        {
            /// <summary>
            /// Scales all gradients together so that their joint p-norm is at most
            /// <paramref name="max_norm"/>; returns the norm before clipping (as PyTorch does, the
            /// scale is max_norm / (norm + 1e-6), capped at 1).
            /// </summary>
            public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm, double norm_type = 2)
            {
                if (!(max_norm > 0)) throw new ArgumentOutOfRangeException(nameof(max_norm), max_norm, "must be positive");
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
                if (grads.Count == 0) return 0;
                var norms = grads.Select(g => g.norm(norm_type)).ToList();
                var total = double.IsPositiveInfinity(norm_type)
                    ? stack(norms).max()
                    : stack(norms).norm(norm_type);
                var coefficient = (max_norm / (total + 1e-6)).clamp(max: 1.0);
                foreach (var g in grads) g.mul_(coefficient);
                return total.item<double>();
            }
        }
    }
}
