// Causal self-attention of every head as one autograd node: Y = softmax(scale · Q Kᵀ, masked to j ≤ i) V.
//
// Written as separate operators, one layer's attention is two batched products over the full T × T score matrix,
// a scaling pass, a mask pass, a softmax, and copies that make the heads' strided views contiguous — and its
// backward the mirror image. At a small model's sizes (T = 64, 32 features per head) the batched products are many
// small matrices on which BLAS runs at half its speed, and half of every score matrix is masked away after it was
// computed. Here each (batch, head) pair is one task on contiguous copies of Q, K, V: its keys are transposed into a
// small buffer, only the entries j ≤ i of the products are computed (half the multiply-adds), the scale is applied on the way, and the
// softmax and its backward are ATen's vectorized kernels over the whole score tensor. The tasks are spread over the
// intra-op threads. This file is compiled for the build machine's vector instructions (CMakeLists.txt).
//
// Saved for the backward: Q, K, V (contiguous) and the probabilities P. When the backward is itself differentiated
// (create_graph), the gradients are computed from differentiable operators instead, with P recomputed from Q and K.
#include "common.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// acc[0..n) += a · row[0..n)
template <typename T>
inline void axpy(T* acc, T a, const T* row, int64_t n) {
    for (int64_t c = 0; c < n; ++c) acc[c] += a * row[c];
}

// Columns of scores computed together: 64 bytes, one AVX-512 register (two AVX2 ones), as a GCC vector type so
// that the running sums stay in registers.
template <typename T>
struct Lanes {
    static constexpr int64_t count = 64 / sizeof(T);
    typedef T vector __attribute__((vector_size(64)));
};

// Scores of one head: s[i][j] = scale · Σ_c q[i][c] k[j][c] for j ≤ i, `above` above the diagonal. kt is K transposed,
// (d, tp) with tp ≥ t a multiple of the lane count (padding columns are zero and never reach the result). The
// columns of a row are taken a register at a time, so each feature costs one vector multiply-add.
template <typename T>
void causal_scores(const T* q, const T* kt, int64_t t, int64_t tp, int64_t d, T scale, T above, T* s) {
    using V = typename Lanes<T>::vector;
    constexpr int64_t lanes = Lanes<T>::count;
    for (int64_t i = 0; i < t; ++i) {
        T* row = s + i * t;
        const T* qi = q + i * d;
        for (int64_t j0 = 0; j0 <= i; j0 += lanes) {
            V acc = {};
            for (int64_t c = 0; c < d; ++c) {
                V k;
                std::memcpy(&k, kt + c * tp + j0, sizeof(V));
                acc += qi[c] * k;
            }
            acc *= scale;
            T out[lanes];
            std::memcpy(out, &acc, sizeof(V));
            std::copy(out, out + std::min(lanes, i + 1 - j0), row + j0);
        }
        std::fill(row + i + 1, row + t, above);
    }
}

// y[i] = Σ_{j ≤ i} p[i][j] v[j], rows of D features (D fixed, so a row's sum stays in registers).
template <typename T, int64_t D>
void causal_mix_fixed(const T* p, const T* v, int64_t t, T* y) {
    for (int64_t i = 0; i < t; ++i) {
        T acc[D] = {};
        const T* pi = p + i * t;
        for (int64_t j = 0; j <= i; ++j) {
            const T w = pi[j];
            const T* vj = v + j * D;
            for (int64_t c = 0; c < D; ++c) acc[c] += w * vj[c];
        }
        std::copy(acc, acc + D, y + i * D);
    }
}

// out[j] = Σ_{i ≥ j} w[i][j] rows[i], rows of D features (the transpose of causal_mix_fixed).
template <typename T, int64_t D>
void causal_mix_transposed_fixed(const T* w, const T* rows, int64_t t, T* out) {
    for (int64_t j = 0; j < t; ++j) {
        T acc[D] = {};
        for (int64_t i = j; i < t; ++i) {
            const T a = w[i * t + j];
            const T* ri = rows + i * D;
            for (int64_t c = 0; c < D; ++c) acc[c] += a * ri[c];
        }
        std::copy(acc, acc + D, out + j * D);
    }
}

// y[i] = Σ_{j ≤ i} p[i][j] v[j], rows of d.
template <typename T>
void causal_mix(const T* p, const T* v, int64_t t, int64_t d, T* y) {
    switch (d) {
        case 16: return causal_mix_fixed<T, 16>(p, v, t, y);
        case 32: return causal_mix_fixed<T, 32>(p, v, t, y);
        case 64: return causal_mix_fixed<T, 64>(p, v, t, y);
        default: break;
    }
    for (int64_t i = 0; i < t; ++i) {
        T* out = y + i * d;
        std::fill(out, out + d, T(0));
        for (int64_t j = 0; j <= i; ++j) axpy(out, p[i * t + j], v + j * d, d);
    }
}

// out[j] = Σ_{i ≥ j} w[i][j] rows[i] (the transpose of causal_mix), rows of d.
template <typename T>
void causal_mix_transposed(const T* w, const T* rows, int64_t t, int64_t d, T* out) {
    switch (d) {
        case 16: return causal_mix_transposed_fixed<T, 16>(w, rows, t, out);
        case 32: return causal_mix_transposed_fixed<T, 32>(w, rows, t, out);
        case 64: return causal_mix_transposed_fixed<T, 64>(w, rows, t, out);
        default: break;
    }
    std::fill(out, out + t * d, T(0));
    for (int64_t i = 0; i < t; ++i)
        for (int64_t j = 0; j <= i; ++j) axpy(out + j * d, w[i * t + j], rows + i * d, d);
}

// (t, d) rows to (d, tp) columns, tp = t rounded up to the lane count, the padding zeroed.
template <typename T>
int64_t transpose_padded(const T* rows, int64_t t, int64_t d, std::vector<T>& out) {
    constexpr int64_t lanes = Lanes<T>::count;
    const int64_t tp = (t + lanes - 1) / lanes * lanes;
    out.assign(static_cast<size_t>(d * tp), T(0));
    for (int64_t j = 0; j < t; ++j)
        for (int64_t c = 0; c < d; ++c) out[c * tp + j] = rows[j * d + c];
    return tp;
}

struct Shape {
    int64_t batch, heads, t, d;
};

Shape shape_of(const at::Tensor& q) { return {q.size(0), q.size(1), q.size(2), q.size(3)}; }

// Forward over contiguous (B, H, T, d) q, k, v: fills probabilities (B, H, T, T) and y (B, T, H, d).
template <typename T>
void forward_kernel(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale,
                    at::Tensor& probabilities, at::Tensor& y) {
    const Shape shape = shape_of(q);
    const int64_t batch = shape.batch, heads = shape.heads, t = shape.t, d = shape.d;
    auto scores = at::empty_like(probabilities);
    const T* qp = q.data_ptr<T>();
    const T* kp = k.data_ptr<T>();
    T* sp = scores.data_ptr<T>();
    at::parallel_for(0, batch * heads, 1, [&](int64_t begin, int64_t end) {
        std::vector<T> kt;
        for (int64_t n = begin; n < end; ++n) {
            const int64_t tp = transpose_padded(kp + n * t * d, t, d, kt);
            causal_scores(qp + n * t * d, kt.data(), t, tp, d, static_cast<T>(scale),
                          -std::numeric_limits<T>::infinity(), sp + n * t * t);
        }
    });
    at::_softmax_out(probabilities, scores, -1, false);
    const T* pp = probabilities.data_ptr<T>();
    const T* vp = v.data_ptr<T>();
    T* yp = y.data_ptr<T>();
    at::parallel_for(0, batch * heads, 1, [&](int64_t begin, int64_t end) {
        std::vector<T> out(static_cast<size_t>(t * d));
        for (int64_t n = begin; n < end; ++n) {
            causal_mix(pp + n * t * t, vp + n * t * d, t, d, out.data());
            const int64_t b = n / heads, h = n % heads;
            for (int64_t i = 0; i < t; ++i)  // scatter rows into the (B, T, H, d) layout
                std::copy(out.data() + i * d, out.data() + (i + 1) * d, yp + ((b * t + i) * heads + h) * d);
        }
    });
}

// Backward over contiguous (B, H, T, d) q, k, v, dy and (B, H, T, T) probabilities.
template <typename T>
void backward_kernel(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& probabilities,
                     const at::Tensor& dy, double scale, at::Tensor& dq, at::Tensor& dk, at::Tensor& dv) {
    const Shape shape = shape_of(q);
    const int64_t batch = shape.batch, heads = shape.heads, t = shape.t, d = shape.d;
    auto dp = at::empty_like(probabilities);
    const T* pp = probabilities.data_ptr<T>();
    const T* vp = v.data_ptr<T>();
    const T* dyp = dy.data_ptr<T>();
    T* dpp = dp.data_ptr<T>();
    T* dvp = dv.data_ptr<T>();
    // dV = Pᵀ dY and dP = dY Vᵀ (entries j ≤ i; the rest is multiplied by P = 0 in the softmax backward).
    at::parallel_for(0, batch * heads, 1, [&](int64_t begin, int64_t end) {
        std::vector<T> vt;
        for (int64_t n = begin; n < end; ++n) {
            causal_mix_transposed(pp + n * t * t, dyp + n * t * d, t, d, dvp + n * t * d);
            const int64_t tp = transpose_padded(vp + n * t * d, t, d, vt);
            // Zero, not −∞, above the diagonal: the softmax backward multiplies these entries by P = 0.
            causal_scores(dyp + n * t * d, vt.data(), t, tp, d, T(1), T(0), dpp + n * t * t);
        }
    });
    auto ds = at::_softmax_backward_data(dp, probabilities, -1, probabilities.scalar_type());
    const T* dsp = ds.data_ptr<T>();
    const T* qp = q.data_ptr<T>();
    const T* kp = k.data_ptr<T>();
    T* dqp = dq.data_ptr<T>();
    T* dkp = dk.data_ptr<T>();
    const T s = static_cast<T>(scale);
    // dQ = scale · dS K, dK = scale · dSᵀ Q.
    at::parallel_for(0, batch * heads, 1, [&](int64_t begin, int64_t end) {
        for (int64_t n = begin; n < end; ++n) {
            T* dqn = dqp + n * t * d;
            T* dkn = dkp + n * t * d;
            causal_mix(dsp + n * t * t, kp + n * t * d, t, d, dqn);
            causal_mix_transposed(dsp + n * t * t, qp + n * t * d, t, d, dkn);
            for (int64_t e = 0; e < t * d; ++e) {
                dqn[e] *= s;
                dkn[e] *= s;
            }
        }
    });
}

// The same gradients from differentiable operators, for a backward that is itself being differentiated.
variable_list composite_backward(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& dy,
                                 double scale) {
    const auto t = q.size(2);
    const auto future = at::ones({t, t}, q.options().dtype(at::kBool)).triu(1);
    const auto p = at::softmax(at::matmul(q, k.transpose(-2, -1)).mul(scale).masked_fill(future, -INFINITY), -1);
    const auto dv = at::matmul(p.transpose(-2, -1), dy);
    const auto dp = at::matmul(dy, v.transpose(-2, -1));
    const auto ds = p.mul(dp.sub(p.mul(dp).sum(-1, true)));
    return {at::matmul(ds, k).mul(scale), at::matmul(ds.transpose(-2, -1), q).mul(scale), dv, at::Tensor()};
}

struct CausalAttention : public torch::autograd::Function<CausalAttention> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                              double scale) {
        const auto qc = q.contiguous(), kc = k.contiguous(), vc = v.contiguous();
        const Shape shape = shape_of(qc);
        auto probabilities = at::empty({shape.batch, shape.heads, shape.t, shape.t}, qc.options());
        auto y = at::empty({shape.batch, shape.t, shape.heads, shape.d}, qc.options());
        AT_DISPATCH_FLOATING_TYPES(qc.scalar_type(), "nt_causal_attention", [&] {
            forward_kernel<scalar_t>(qc, kc, vc, scale, probabilities, y);
        });
        ctx->save_for_backward({qc, kc, vc, probabilities});
        ctx->saved_data["scale"] = scale;
        return y.transpose(1, 2);  // (B, H, T, d), a view of (B, T, H, d) memory
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        const auto saved = ctx->get_saved_variables();
        const auto &q = saved[0], &k = saved[1], &v = saved[2], &probabilities = saved[3];
        const double scale = ctx->saved_data["scale"].toDouble();
        if (at::GradMode::is_enabled()) return composite_backward(q, k, v, grads[0], scale);
        const auto dy = grads[0].contiguous();
        auto dq = at::empty_like(q), dk = at::empty_like(k), dv = at::empty_like(v);
        AT_DISPATCH_FLOATING_TYPES(q.scalar_type(), "nt_causal_attention_backward", [&] {
            backward_kernel<scalar_t>(q, k, v, probabilities, dy, scale, dq, dk, dv);
        });
        return {dq, dk, dv, at::Tensor()};
    }
};

}  // namespace

NT_API int nt_causal_attention(nt_tensor q, nt_tensor k, nt_tensor v, double scale, nt_tensor* out) {
    return nt::guard([&] {
        const auto tq = nt::tensor(q), tk = nt::tensor(k), tv = nt::tensor(v);
        TORCH_CHECK(tq.dim() == 4 && tq.sizes() == tk.sizes() && tq.sizes() == tv.sizes(),
                    "causal attention needs queries, keys and values of one shape (batch, heads, time, features), got ",
                    tq.sizes(), ", ", tk.sizes(), " and ", tv.sizes());
        TORCH_CHECK(tq.device().is_cpu() && at::isFloatingType(tq.scalar_type()) &&
                        tk.scalar_type() == tq.scalar_type() && tv.scalar_type() == tq.scalar_type(),
                    "causal attention needs CPU float or double tensors of one type");
        TORCH_CHECK(tq.size(2) > 0 && tq.size(3) > 0, "causal attention needs at least one position and one feature");
        *out = nt::own(CausalAttention::apply(tq, tk, tv, scale));
    });
}
