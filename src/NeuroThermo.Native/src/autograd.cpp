// Autograd: grad mode, .grad, backward and torch.autograd.grad.
#include "common.h"

#include <cstring>

namespace {
std::vector<at::Tensor> gather(const nt_tensor* handles, int32_t n, bool allow_null) {
    std::vector<at::Tensor> out;
    out.reserve(static_cast<size_t>(n));
    for (int32_t k = 0; k < n; ++k) {
        if (handles == nullptr || handles[k] == nullptr) {
            TORCH_CHECK(allow_null, "null tensor handle");
            out.emplace_back();
        } else {
            out.push_back(nt::tensor(handles[k]));
        }
    }
    return out;
}
}  // namespace

NT_API int nt_grad_enabled(int32_t* out) {
    return nt::guard([&] { *out = at::GradMode::is_enabled() ? 1 : 0; });
}

NT_API int nt_set_grad_enabled(int32_t enabled) {
    return nt::guard([&] { at::GradMode::set_enabled(enabled != 0); });
}

NT_API int nt_tensor_set_requires_grad(nt_tensor t, int32_t requires_grad) {
    return nt::guard([&] { nt::tensor(t).set_requires_grad(requires_grad != 0); });
}

NT_API int nt_tensor_grad(nt_tensor t, nt_tensor* out) {
    return nt::guard([&] {
        const auto& g = nt::tensor(t).grad();
        *out = g.defined() ? nt::own(g) : nullptr;
    });
}

NT_API int nt_tensor_set_grad(nt_tensor t, nt_tensor grad) {
    return nt::guard([&] { nt::tensor(t).mutable_grad() = grad ? nt::tensor(grad) : at::Tensor(); });
}

NT_API int nt_tensor_is_leaf(nt_tensor t, int32_t* out) {
    return nt::guard([&] { *out = nt::tensor(t).is_leaf() ? 1 : 0; });
}

NT_API int nt_tensor_grad_fn_name(nt_tensor t, char* buffer, int64_t capacity) {
    return nt::guard([&] {
        const auto& fn = nt::tensor(t).grad_fn();
        std::string name = fn ? fn->name() : std::string();
        std::strncpy(buffer, name.c_str(), static_cast<size_t>(capacity));
        if (capacity > 0) buffer[capacity - 1] = '\0';
    });
}

NT_API int nt_backward(const nt_tensor* tensors, const nt_tensor* grads, int32_t n, int32_t retain_graph,
                       int32_t create_graph) {
    return nt::guard([&] {
        auto outputs = gather(tensors, n, false);
        auto grad_outputs = gather(grads, n, true);
        c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
        torch::autograd::backward(outputs, grad_outputs, retain, create_graph != 0);
    });
}

NT_API int nt_autograd_grad(const nt_tensor* outputs, const nt_tensor* grad_outputs, int32_t noutputs,
                            const nt_tensor* inputs, int32_t ninputs, int32_t retain_graph,
                            int32_t create_graph, int32_t allow_unused, nt_tensor* results) {
    return nt::guard([&] {
        auto outs = gather(outputs, noutputs, false);
        auto grad_outs = gather(grad_outputs, noutputs, true);
        auto ins = gather(inputs, ninputs, false);
        c10::optional<bool> retain = retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0);
        auto grads = torch::autograd::grad(outs, ins, grad_outs, retain, create_graph != 0, allow_unused != 0);
        for (int32_t k = 0; k < ninputs; ++k) {
            results[k] = grads[static_cast<size_t>(k)].defined() ? nt::own(grads[static_cast<size_t>(k)]) : nullptr;
        }
    });
}
