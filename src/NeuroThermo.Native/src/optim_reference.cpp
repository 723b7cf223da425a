// libtorch's own torch::optim, exposed only so that tests can hold NeuroThermo's C# optimizers to it.
#include "common.h"

NT_API int nt_optim_new(int32_t kind, const nt_tensor* params, int32_t nparams, const double* options,
                        int32_t noptions, nt_optimizer* out) {
    return nt::guard([&] {
        std::vector<at::Tensor> tensors;
        for (int32_t k = 0; k < nparams; ++k) tensors.push_back(nt::tensor(params[k]));
        switch (kind) {
            case 0: {
                TORCH_CHECK(noptions == 5, "SGD takes 5 options");
                auto o = torch::optim::SGDOptions(options[0])
                             .momentum(options[1])
                             .dampening(options[2])
                             .weight_decay(options[3])
                             .nesterov(options[4] != 0);
                *out = new torch::optim::SGD(tensors, o);
                return;
            }
            case 1: {
                TORCH_CHECK(noptions == 6, "Adam takes 6 options");
                auto o = torch::optim::AdamOptions(options[0])
                             .betas({options[1], options[2]})
                             .eps(options[3])
                             .weight_decay(options[4])
                             .amsgrad(options[5] != 0);
                *out = new torch::optim::Adam(tensors, o);
                return;
            }
            case 2: {
                TORCH_CHECK(noptions == 6, "AdamW takes 6 options");
                auto o = torch::optim::AdamWOptions(options[0])
                             .betas({options[1], options[2]})
                             .eps(options[3])
                             .weight_decay(options[4])
                             .amsgrad(options[5] != 0);
                *out = new torch::optim::AdamW(tensors, o);
                return;
            }
            default: TORCH_CHECK(false, "unknown optimizer kind ", kind);
        }
    });
}

NT_API int nt_optim_step(nt_optimizer opt) {
    return nt::guard([&] { static_cast<torch::optim::Optimizer*>(opt)->step(); });
}

NT_API void nt_optim_free(nt_optimizer opt) { delete static_cast<torch::optim::Optimizer*>(opt); }
