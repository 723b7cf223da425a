using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

/// <summary>How a loss reduces over the batch.</summary>
public enum Reduction
{
    None = 0,
    Mean = 1,
    Sum = 2,
}

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.functional: stateless layers and losses.</summary>
        public static class functional
        {
            public static Tensor relu(Tensor x) => x.relu();
            public static Tensor gelu(Tensor x, string approximate = "none") => x.gelu(approximate);
            public static Tensor silu(Tensor x) => x.silu();
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            public static Tensor tanh(Tensor x) => x.tanh();
            public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20) => x.softplus(beta, threshold);
            public static Tensor logsigmoid(Tensor x) => x.logsigmoid();

            /// <summary>exp(x_i) / Σ_j exp(x_j) along <paramref name="dim"/>: the Boltzmann distribution of energies −x at β = 1.</summary>
            public static Tensor softmax(Tensor x, long dim, ScalarType? dtype = null) => Aten.softmax_int.Call(x, dim, Arg.Optional(dtype));

            public static Tensor log_softmax(Tensor x, long dim, ScalarType? dtype = null) =>
                Aten.log_softmax_int.Call(x, dim, Arg.Optional(dtype));

            /// <summary>
            /// −log softmax(logits)[target], averaged over targets that are not
            /// <paramref name="ignore_index"/>. Logits (N, C) or (N, C, d…); targets (N) or (N, d…) class indices.
            /// </summary>
            public static Tensor cross_entropy(Tensor logits, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
                Aten.cross_entropy_loss.Call(logits, target, Arg.Optional(weight), (long)reduction, ignore_index, label_smoothing);

            /// <summary>−input[target] for log-probabilities <paramref name="input"/>.</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean) =>
                Aten.nll_loss_nd.Call(input, target, Arg.Optional(weight), (long)reduction, ignore_index);

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Aten.mse_loss.Call(input, target, (long)reduction);

            /// <summary>−[y ln p + (1−y) ln(1−p)] for probabilities p.</summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null,
                Reduction reduction = Reduction.Mean) =>
                Aten.binary_cross_entropy.Call(input, target, Arg.Optional(weight), (long)reduction);

            /// <summary>Binary cross-entropy of sigmoid(logits), computed stably from the logits.</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor logits, Tensor target, Tensor? weight = null,
                Tensor? pos_weight = null, Reduction reduction = Reduction.Mean) =>
                Aten.binary_cross_entropy_with_logits.Call(logits, target, Arg.Optional(weight), Arg.Optional(pos_weight), (long)reduction);

            /// <summary>
            /// Zeroes each element with probability p and scales the rest by 1/(1−p) while training.
            /// With a generator the mask is drawn from it, so the run is reproducible.
            /// </summary>
            public static Tensor dropout(Tensor x, double p = 0.5, bool training = true, Generator? generator = null)
            {
                if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
                if (!training || p == 0) return x.alias();
                if (generator is null) return Aten.dropout.Call(x, p, training);
                using var keep = torch.empty_like(x).bernoulli_(1 - p, generator);
                return p == 1 ? x.mul(keep) : x.mul(keep).div_(1 - p);
            }

            /// <summary>(x − mean) / sqrt(var + eps) over the last dimensions, then · weight + bias.</summary>
            public static Tensor layer_norm(Tensor x, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                Aten.layer_norm.Call(x, normalized_shape, Arg.Optional(weight), Arg.Optional(bias), eps);

            /// <summary>
            /// x Wᵀ + b. With two intra-op threads, when x and W both need gradients, its backward computes ∂L/∂x and ∂L/∂W
            /// side by side, one product per thread (the shim's linear.cpp); otherwise it is aten::linear.
            /// </summary>
            public static Tensor linear(Tensor x, Tensor weight, Tensor? bias = null)
            {
                ArgumentNullException.ThrowIfNull(x);
                ArgumentNullException.ThrowIfNull(weight);
                NativeMethods.Check(NativeMethods.nt_linear(x.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, out var result));
                return new Tensor(result);
            }

            /// <summary>
            /// Causal self-attention softmax(scale · q kᵀ, keys j ≤ query i) v for q, k, v of one shape (batch, heads, time,
            /// features): one autograd node that computes only the unmasked half of the scores (the shim's
            /// causal_attention.cpp). The result's memory is laid out as (batch, time, heads, features), so
            /// <c>result.transpose(1, 2)</c> is contiguous.
            /// </summary>
            public static Tensor causal_attention(Tensor q, Tensor k, Tensor v, double scale)
            {
                ArgumentNullException.ThrowIfNull(q);
                ArgumentNullException.ThrowIfNull(k);
                ArgumentNullException.ThrowIfNull(v);
                NativeMethods.Check(NativeMethods.nt_causal_attention(q.Handle, k.Handle, v.Handle, scale, out var result));
                return new Tensor(result);
            }

            /// <summary>Rows of <paramref name="weight"/> picked by integer <paramref name="indices"/>.</summary>
            public static Tensor embedding(Tensor indices, Tensor weight, long padding_idx = -1) =>
                Aten.embedding.Call(weight, indices, padding_idx);

            /// <summary>Integer classes to one-hot int64 rows (num_classes −1: max + 1).</summary>
            public static Tensor one_hot(Tensor indices, long num_classes = -1) => Aten.one_hot.Call(indices, num_classes);

            /// <summary>
            /// Pads the last dimensions: <paramref name="pad"/> = (left, right, top, bottom, …);
            /// mode "constant", "reflect", "replicate" or "circular".
            /// </summary>
            public static Tensor pad(Tensor x, long[] pad, string mode = "constant", double value = 0) =>
                Aten.pad.Call(x, pad, mode, mode == "constant" ? value : Arg.None);
        }
    }
}
