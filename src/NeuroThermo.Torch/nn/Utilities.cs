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
            /// scale is max_norm / (norm + 1e-6), capped at 1). The 2-norm of contiguous float32 or float64
            /// CPU gradients is taken by one native pass over all of them, summed in double (PyTorch sums
            /// each gradient's norm in its own type, so the two norms differ in the last places of a float32
            /// result); <paramref name="fused"/> false forces the tensor operations.
            /// </summary>
            public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm, double norm_type = 2, bool fused = true)
            {
                if (!(max_norm > 0)) throw new ArgumentOutOfRangeException(nameof(max_norm), max_norm, "must be positive");
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
                if (grads.Count == 0) return 0;
                if (fused && norm_type == 2 && grads.All(FusedClippingApplies)) return ClipFused(grads, max_norm);
                var norms = grads.Select(g => g.norm(norm_type)).ToList();
                var total = double.IsPositiveInfinity(norm_type)
                    ? stack(norms).max()
                    : stack(norms).norm(norm_type);
                var coefficient = (max_norm / (total + 1e-6)).clamp(max: 1.0);
                foreach (var g in grads) g.mul_(coefficient);
                return total.item<double>();
            }

            private static bool FusedClippingApplies(Tensor grad) =>
                grad.dtype is ScalarType.Float32 or ScalarType.Float64 && grad.device.Type == DeviceType.CPU && grad.is_contiguous();

            private static unsafe double ClipFused(List<Tensor> grads, double maxNorm)
            {
                var handles = new IntPtr[grads.Count];
                for (var k = 0; k < handles.Length; k++) handles[k] = grads[k].Handle;
                double total;
                fixed (IntPtr* h = handles)
                    Native.NativeMethods.Check(Native.NativeMethods.nt_clip_grad_norm(h, handles.Length, maxNorm, out total));
                GC.KeepAlive(grads);
                return total;
            }
        }
    }
}
