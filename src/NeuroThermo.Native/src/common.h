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

// A tensor handle is a c10::TensorImpl* that owns one reference: handing a result to C# costs
// no allocation, and releasing it is a reference decrement.
inline at::Tensor tensor(nt_tensor t) {
    TORCH_CHECK(t != nullptr, "null tensor handle");
    using Ptr = c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>;
    return at::Tensor(Ptr::reclaim_copy(static_cast<c10::TensorImpl*>(t)));
}

inline nt_tensor own(at::Tensor t) {
    TORCH_CHECK(t.defined(), "cannot hand out an undefined tensor");
    return t.unsafeReleaseTensorImpl();
}

inline at::Generator& generator(nt_generator g) {
    TORCH_CHECK(g != nullptr, "null generator handle");
    return *static_cast<at::Generator*>(g);
}

}  // namespace nt
