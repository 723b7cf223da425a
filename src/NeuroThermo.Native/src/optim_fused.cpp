// Single-pass kernels for the optimizer step and gradient clipping.
//
// Written out as separate tensor operations, one Adam step reads and writes the parameter, its gradient and
// both moments about nine times (decay, two moment updates, square root, two scalings, the final addcdiv);
// clipping adds a norm per gradient and a scaling pass. These kernels do the same arithmetic in one pass per
// element, in the order the separate operations use, so the result differs from them only where libtorch's
// vectorized kernels contract a multiply and an add into one rounding (a few units in the last place).
// This file is compiled with -ffp-contract=off (CMakeLists.txt) so that the compiler adds no contractions
// of its own, and with -fno-math-errno so that the square root vectorizes.
#include "common.h"

#include <ATen/Parallel.h>

#include <array>
#include <cmath>
#include <vector>

namespace {

// Elements per parallel task: below this the thread hand-off costs more than the arithmetic.
constexpr int64_t kGrain = 32768;

struct AdamStep {
    double lr, beta1, beta2, eps, weight_decay, bias_correction1, bias_correction2;
    bool decoupled;
};

template <typename T>
void adam_range(T* p, const T* g, T* m, T* v, const AdamStep& s, int64_t begin, int64_t end) {
    const T decay = static_cast<T>(1 - s.lr * s.weight_decay);  // AdamW: θ ← θ(1 − ηλ)
    const T l2 = static_cast<T>(s.weight_decay);                 // Adam: g ← g + λθ
    const T beta1 = static_cast<T>(s.beta1), one_minus_beta1 = static_cast<T>(1 - s.beta1);
    const T beta2 = static_cast<T>(s.beta2), one_minus_beta2 = static_cast<T>(1 - s.beta2);
    const T root_correction2 = static_cast<T>(std::sqrt(s.bias_correction2));
    const T eps = static_cast<T>(s.eps);
    const T step = static_cast<T>(-s.lr / s.bias_correction1);
    const bool decays = s.weight_decay != 0;
    const bool decoupled = decays && s.decoupled;
    const bool coupled = decays && !s.decoupled;
    for (int64_t i = begin; i < end; ++i) {
        T theta = p[i];
        T grad = g[i];
        if (decoupled) theta = theta * decay;
        if (coupled) grad = grad + l2 * theta;
        T first = m[i] * beta1;
        first = first + one_minus_beta1 * grad;
        T second = v[i] * beta2;
        T weighted = one_minus_beta2 * grad;
        second = second + weighted * grad;
        T denominator = std::sqrt(second) / root_correction2;
        denominator = denominator + eps;
        T ratio = first / denominator;
        p[i] = theta + step * ratio;
        m[i] = first;
        v[i] = second;
    }
}

void check_same(const at::Tensor& reference, const at::Tensor& t, const char* name) {
    TORCH_CHECK(t.device().is_cpu() && t.scalar_type() == reference.scalar_type() && t.is_contiguous() &&
                    t.numel() == reference.numel(),
                "fused Adam: ", name, " must be a contiguous CPU tensor of the parameter's type and size (",
                reference.scalar_type(), ", ", reference.numel(), " elements), got ", t.scalar_type(), ", ",
                t.numel(), " elements", t.is_contiguous() ? "" : ", not contiguous");
}

// Sum of squares of one float or double buffer, accumulated in double over eight interleaved partial
// sums in a fixed order: the result does not depend on the thread count.
template <typename T>
double sum_of_squares(const T* x, int64_t n) {
    std::array<double, 8> partial{};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int lane = 0; lane < 8; ++lane) {
            const double value = static_cast<double>(x[i + lane]);
            partial[lane] += value * value;
        }
    }
    double total = 0;
    for (; i < n; ++i) total += static_cast<double>(x[i]) * static_cast<double>(x[i]);
    for (double s : partial) total += s;
    return total;
}

template <typename T>
void scale(T* x, int64_t n, double factor) {
    const T f = static_cast<T>(factor);
    at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) x[i] = x[i] * f;
    });
}

}  // namespace

NT_API int nt_adam_step(nt_tensor param, nt_tensor grad, nt_tensor exp_avg, nt_tensor exp_avg_sq,
                        const double* options, int32_t noptions) {
    return nt::guard([&] {
        TORCH_CHECK(noptions == 8, "fused Adam takes 8 options, got ", noptions);
        auto p = nt::tensor(param);
        auto g = nt::tensor(grad);
        auto m = nt::tensor(exp_avg);
        auto v = nt::tensor(exp_avg_sq);
        TORCH_CHECK(p.device().is_cpu() && p.is_contiguous() &&
                        (p.scalar_type() == at::kFloat || p.scalar_type() == at::kDouble),
                    "fused Adam runs on contiguous float32 or float64 CPU parameters, got ", p.scalar_type(),
                    p.is_contiguous() ? "" : ", not contiguous");
        check_same(p, g, "the gradient");
        check_same(p, m, "the first moment");
        check_same(p, v, "the second moment");
        const AdamStep s{options[0], options[1], options[2], options[3], options[4], options[6], options[7],
                         options[5] != 0};
        const int64_t n = p.numel();
        AT_DISPATCH_FLOATING_TYPES(p.scalar_type(), "nt_adam_step", [&] {
            auto* pp = p.data_ptr<scalar_t>();
            const auto* gp = g.data_ptr<scalar_t>();
            auto* mp = m.data_ptr<scalar_t>();
            auto* vp = v.data_ptr<scalar_t>();
            at::parallel_for(0, n, kGrain, [&](int64_t begin, int64_t end) { adam_range(pp, gp, mp, vp, s, begin, end); });
        });
    });
}

NT_API int nt_clip_grad_norm(const nt_tensor* grads, int32_t count, double max_norm, double* total_norm) {
    return nt::guard([&] {
        TORCH_CHECK(count >= 0, "gradient count must be non-negative, got ", count);
        std::vector<at::Tensor> tensors;
        tensors.reserve(count);
        for (int32_t k = 0; k < count; ++k) {
            auto t = nt::tensor(grads[k]);
            TORCH_CHECK(t.device().is_cpu() && t.is_contiguous() &&
                            (t.scalar_type() == at::kFloat || t.scalar_type() == at::kDouble),
                        "fused clipping takes contiguous float32 or float64 CPU gradients; gradient ", k, " is ",
                        t.scalar_type(), t.is_contiguous() ? "" : ", not contiguous");
            tensors.push_back(std::move(t));
        }
        double squares = 0;
        for (const auto& t : tensors) {
            AT_DISPATCH_FLOATING_TYPES(t.scalar_type(), "nt_clip_grad_norm", [&] {
                squares += sum_of_squares(t.data_ptr<scalar_t>(), t.numel());
            });
        }
        const double norm = std::sqrt(squares);
        *total_norm = norm;
        // As torch.nn.utils.clip_grad_norm_: the factor max_norm / (norm + 1e-6), capped at 1; at 1 the
        // multiplication would change nothing, so it is skipped. A NaN norm scales by NaN, as there.
        const double factor = max_norm / (norm + 1e-6);
        if (factor >= 1) return;
        for (auto& t : tensors) {
            AT_DISPATCH_FLOATING_TYPES(t.scalar_type(), "nt_clip_grad_norm", [&] {
                scale(t.data_ptr<scalar_t>(), t.numel(), factor);
            });
        }
    });
}
