// Process-wide runtime: allocator settings, threads, seeds, generators, devices.
#include "common.h"

#include <ATen/CPUGeneratorImpl.h>

#include <dlfcn.h>
#include <malloc.h>

#include <cstring>

NT_API int nt_init(void) {
    return nt::guard([] {
        // glibc returns large freed blocks to the kernel and faults them in again on the next
        // allocation; a training loop that frees and reallocates the same few MB every step then
        // spends its time in page faults (docs/engine.md). Keeping freed memory in the heap
        // removes those faults at the cost of holding on to the peak working set.
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    });
}

NT_API int nt_set_num_threads(int32_t n) {
    return nt::guard([&] {
        TORCH_CHECK(n >= 1, "thread count must be at least 1, got ", n);
        at::set_num_threads(n);
    });
}

NT_API int nt_get_num_threads(int32_t* out) {
    return nt::guard([&] { *out = at::get_num_threads(); });
}

NT_API int nt_blas_core(char* buffer, int64_t capacity) {
    return nt::guard([&] {
        TORCH_CHECK(buffer != nullptr && capacity > 0, "nt_blas_core needs a buffer");
        // libtorch reaches BLAS through libblas.so.3; when that is OpenBLAS, it names the kernel set it runs.
        using CoreName = char* (*)();
        const auto core_name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
        const char* name = core_name ? core_name() : "";
        std::strncpy(buffer, name ? name : "", static_cast<size_t>(capacity));
        buffer[capacity - 1] = '\0';
    });
}

NT_API int nt_manual_seed(uint64_t seed) {
    return nt::guard([&] { torch::manual_seed(seed); });
}

NT_API int nt_cuda_is_available(int32_t* out) {
    return nt::guard([&] { *out = torch::cuda::is_available() ? 1 : 0; });
}

NT_API int nt_cuda_device_count(int32_t* out) {
    return nt::guard([&] { *out = static_cast<int32_t>(torch::cuda::device_count()); });
}

NT_API int nt_generator_new(uint64_t seed, nt_generator* out) {
    return nt::guard([&] { *out = new at::Generator(at::make_generator<at::CPUGeneratorImpl>(seed)); });
}

NT_API int nt_generator_default(nt_generator* out) {
    return nt::guard([&] { *out = new at::Generator(at::detail::getDefaultCPUGenerator()); });
}

NT_API void nt_generator_free(nt_generator g) { delete static_cast<at::Generator*>(g); }

NT_API int nt_generator_manual_seed(nt_generator g, uint64_t seed) {
    return nt::guard([&] {
        auto& gen = nt::generator(g);
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_current_seed(seed);
    });
}

NT_API int nt_generator_initial_seed(nt_generator g, uint64_t* out) {
    return nt::guard([&] { *out = nt::generator(g).current_seed(); });
}

NT_API int nt_generator_get_state(nt_generator g, nt_tensor* out) {
    return nt::guard([&] {
        auto& gen = nt::generator(g);
        std::lock_guard<std::mutex> lock(gen.mutex());
        *out = nt::own(gen.get_state());
    });
}

NT_API int nt_generator_set_state(nt_generator g, nt_tensor state) {
    return nt::guard([&] {
        auto& gen = nt::generator(g);
        std::lock_guard<std::mutex> lock(gen.mutex());
        gen.set_state(nt::tensor(state));
    });
}
