// A linear layer whose backward runs its two products side by side.
//
// The backward of y = x Wᵀ + b needs ∂L/∂x = g W and ∂L/∂W = gᵀ x: two matrix products of exactly the same size
// (rows · in · out multiply-adds each), neither waiting for the other. libtorch's AddmmBackward computes them one
// after the other, each spread over the intra-op threads; at the sizes of a small transformer (768 rows, 128–512
// features) OpenBLAS gains little from a second thread inside one product, while two products on two threads,
// each single-threaded, keep both cores busy. So with exactly two intra-op threads this node runs g W on one and
// gᵀ x (and the bias sum) on the other. OpenBLAS and ATen's own parallel loops see that they are inside a
// parallel region and stay on their caller's thread. With more threads the products are large enough to split
// and libtorch's node is used; with one thread there is nothing to pair.
//
// The products are the ones AddmmBackward computes (the same BLAS calls on the same operands), so the gradients
// equal libtorch's up to BLAS's thread-dependent blocking. When the backward itself is being differentiated
// (create_graph), the node computes the same products as differentiable operations, in sequence.
#include "common.h"

#include <ATen/Parallel.h>

#include <exception>

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Below this many multiply-adds per product the hand-off to the second thread costs more than it saves.
constexpr int64_t kMinPairedWork = int64_t{1} << 20;

// ∂L/∂x, ∂L/∂W and (when wanted) ∂L/∂b of y = x Wᵀ + b for the upstream gradient `upstream`.
variable_list paired_backward(AutogradContext* ctx, const at::Tensor& upstream, bool with_bias) {
    const auto saved = ctx->get_saved_variables();
    const auto& x = saved[0];
    const auto& weight = saved[1];
    const auto out_features = weight.size(0), in_features = weight.size(1);
    const auto g = upstream.reshape({-1, out_features});  // (rows, out)
    const auto x2 = x.reshape({-1, in_features});         // (rows, in)
    const bool need_x = ctx->needs_input_grad(0), need_w = ctx->needs_input_grad(1),
               need_b = with_bias && ctx->needs_input_grad(2);
    at::Tensor grad_x, grad_w, grad_b;
    if (at::GradMode::is_enabled() || !need_x || !need_w) {
        if (need_x) grad_x = g.mm(weight);
        if (need_w) grad_w = g.t().mm(x2);
        if (need_b) grad_b = g.sum(0);
    } else {
        std::exception_ptr failure[2];
        at::parallel_for(0, 2, 1, [&](int64_t begin, int64_t end) {
            at::NoGradGuard no_grad;  // grad mode is per thread: a worker's default is on
            for (int64_t task = begin; task < end; ++task) {
                try {
                    if (task == 0) {
                        grad_x = g.mm(weight);
                    } else {
                        grad_w = g.t().mm(x2);
                        if (need_b) grad_b = g.sum(0);
                    }
                } catch (...) {
                    failure[task] = std::current_exception();
                }
            }
        });
        for (const auto& f : failure)
            if (f) std::rethrow_exception(f);
    }
    if (grad_x.defined()) grad_x = grad_x.view(x.sizes());
    if (with_bias) return {grad_x, grad_w, grad_b};
    return {grad_x, grad_w};
}

// Custom autograd functions take no undefined inputs, so the layers with and without a bias are two nodes.
struct PairedLinearWithBias : public torch::autograd::Function<PairedLinearWithBias> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& weight,
                              const at::Tensor& bias) {
        ctx->save_for_backward({x, weight});
        return at::linear(x, weight, bias);
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        return paired_backward(ctx, grads[0], true);
    }
};

struct PairedLinear : public torch::autograd::Function<PairedLinear> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& weight) {
        ctx->save_for_backward({x, weight});
        return at::linear(x, weight);
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        return paired_backward(ctx, grads[0], false);
    }
};

bool pairs(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
    if (!at::GradMode::is_enabled() || !x.requires_grad() || !weight.requires_grad()) return false;
    if (at::get_num_threads() != 2 || at::in_parallel_region()) return false;
    if (x.dim() < 2 || weight.dim() != 2 || !x.device().is_cpu() || !weight.device().is_cpu()) return false;
    if (x.scalar_type() != weight.scalar_type() || !at::isFloatingType(x.scalar_type())) return false;
    if (bias.defined() && (bias.dim() != 1 || bias.scalar_type() != x.scalar_type())) return false;
    if (x.size(-1) != weight.size(1) || (bias.defined() && bias.size(0) != weight.size(0))) return false;
    return x.numel() * weight.size(0) >= kMinPairedWork;  // rows · in · out
}

}  // namespace

NT_API int nt_linear(nt_tensor x, nt_tensor weight, nt_tensor bias, nt_tensor* out) {
    return nt::guard([&] {
        const auto input = nt::tensor(x), w = nt::tensor(weight);
        const auto b = bias ? nt::tensor(bias) : at::Tensor();
        const auto optional_bias = b.defined() ? c10::optional<at::Tensor>(b) : c10::nullopt;
        if (!pairs(input, w, b))
            *out = nt::own(at::linear(input, w, optional_bias));
        else if (b.defined())
            *out = nt::own(PairedLinearWithBias::apply(input, w, b));
        else
            *out = nt::own(PairedLinear::apply(input, w));
    });
}
