// Shared helpers of the shim: error capture and handle conversions.
#pragma once
#include <neurothermo.h>

#include <torch/torch.h>

#include <exception>
#include <string>

namespace nt {

void set_error(std::string message);

// Runs `body`, turning any C++ exception into a stored message and a non-zero return.
// c10::Error carries libtorch's message; its backtrace is left out because the user needs the
// sentence, not the C++ stack of the dispatcher.
template <typename Body>
int guard(Body&& body) noexcept {
    try {
        body();
        return 0;
    } catch (const c10::Error& e) {
        set_error(e.what_without_backtrace());
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown C++ exception in libtorch");
    }
    return 1;
}

inline at::Tensor& tensor(nt_tensor t) {
    TORCH_CHECK(t != nullptr, "null tensor handle");
    return *static_cast<at::Tensor*>(t);
}

inline nt_tensor own(at::Tensor t) { return new at::Tensor(std::move(t)); }

inline at::Generator& generator(nt_generator g) {
    TORCH_CHECK(g != nullptr, "null generator handle");
    return *static_cast<at::Generator*>(g);
}

}  // namespace nt
