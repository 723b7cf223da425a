// Native peer for the optimizer-step benchmark of the TorchSharp port: one AdamW step over nanoGPT's parameter
// shapes (6 layers, 384 features, 65 tokens, context 256: 10,770,816 float32 values in 76 tensors) with the old
// binding's fused kernel (src/NeuroThermo.Native/src/optim_fused.cpp, compiled into this program with the shim's
// flags) and with libtorch 1.13's own torch::optim::AdamW, so the C# optimizers on TorchSharp have a number to
// be held to.
//
// Build: cmake -S bench/native -B artifacts/bench-native && cmake --build artifacts/bench-native --target adam_step
// Usage: adam_step [threads] [steps]
// Output: one "name value" line per result, microseconds per step (median of the steps); comments start with '#'.

#include <neurothermo.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

NT_API int nt_adam_step(nt_tensor param, nt_tensor grad, nt_tensor exp_avg, nt_tensor exp_avg_sq,
                        const double* options, int32_t noptions);

namespace {

std::vector<std::vector<int64_t>> nanogpt_shapes() {
    const int64_t c = 384, vocab = 65, context = 256, layers = 6;
    std::vector<std::vector<int64_t>> shapes{{vocab, c}, {context, c}};
    for (int64_t l = 0; l < layers; ++l) {
        for (auto s : std::vector<std::vector<int64_t>>{
                 {c}, {c}, {3 * c, c}, {3 * c}, {c, c}, {c}, {c}, {c}, {4 * c, c}, {4 * c}, {c, 4 * c}, {c}})
            shapes.push_back(s);
    }
    shapes.push_back({c});
    shapes.push_back({c});
    return shapes;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <class F>
double time_steps(int steps, F&& step) {
    for (int k = 0; k < 3; ++k) step(k + 1);  // warm-up: moments allocated, pages touched
    std::vector<double> us;
    for (int k = 0; k < steps; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        step(k + 4);
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    return median(us);
}

}  // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
    const int steps = argc > 2 ? std::atoi(argv[2]) : 30;
    at::set_num_threads(threads);
    at::manual_seed(1);
    std::vector<at::Tensor> params, grads, m, v;
    int64_t total = 0;
    for (const auto& s : nanogpt_shapes()) {
        params.push_back(at::randn(s));
        grads.push_back(at::randn(s).mul_(1e-2));
        m.push_back(at::zeros(s));
        v.push_back(at::zeros(s));
        total += params.back().numel();
    }
    std::printf("# libtorch %s, %d threads, %zu tensors, %lld values\n", TORCH_VERSION, at::get_num_threads(),
                params.size(), static_cast<long long>(total));

    const double lr = 1e-3, beta1 = 0.9, beta2 = 0.99, eps = 1e-8, weight_decay = 0.1;
    const double fused = time_steps(steps, [&](int t) {
        const double options[8] = {lr, beta1, beta2, eps, weight_decay, 1, 1 - std::pow(beta1, t), 1 - std::pow(beta2, t)};
        for (size_t k = 0; k < params.size(); ++k) {
            if (nt_adam_step(params[k].unsafeGetTensorImpl(), grads[k].unsafeGetTensorImpl(), m[k].unsafeGetTensorImpl(),
                             v[k].unsafeGetTensorImpl(), options, 8) != 0) {
                std::fprintf(stderr, "nt_adam_step failed\n");
                std::exit(1);
            }
        }
    });
    std::printf("old_fused_kernel_us %.0f\n", fused);

    std::vector<at::Tensor> leaves;
    for (size_t k = 0; k < params.size(); ++k) {
        leaves.push_back(params[k].clone().requires_grad_());
        leaves.back().mutable_grad() = grads[k].clone();
    }
    torch::optim::AdamW reference(leaves, torch::optim::AdamWOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay));
    const double builtin = time_steps(steps, [&](int) { reference.step(); });
    std::printf("libtorch_1_13_torch_optim_AdamW_us %.0f\n", builtin);
}
