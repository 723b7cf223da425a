// Typed fast paths for the commonest operator shapes. The generic boxed call (dispatch.cpp) builds
// an IValue stack and lets the kernel unpack it; for a one-element add that is ~0.05 us of ~0.6.
// Operators whose schema is exactly one of the signatures below can instead be called unboxed,
// like at::add itself, through a TypedOperatorHandle created (and signature-checked) once.
#include "common.h"

#include <ATen/core/dispatch/Dispatcher.h>

namespace {

using Unary = at::Tensor(const at::Tensor&);
using Binary = at::Tensor(const at::Tensor&, const at::Tensor&);
using BinaryScalar = at::Tensor(const at::Tensor&, const at::Tensor&, const at::Scalar&);
using TensorScalar = at::Tensor(const at::Tensor&, const at::Scalar&);

enum Signature : int32_t { kUnary = 1, kBinary = 2, kBinaryScalar = 3, kTensorScalar = 4 };

// Views a handle as an at::Tensor without touching its reference count: the caller's handle
// keeps the tensor alive for the duration of the call.
class Borrowed {
public:
    explicit Borrowed(nt_tensor handle) {
        TORCH_CHECK(handle != nullptr, "null tensor handle");
        using Ptr = c10::intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>;
        tensor_ = at::Tensor(Ptr::reclaim(static_cast<c10::TensorImpl*>(handle)));
    }
    ~Borrowed() { tensor_.unsafeReleaseTensorImpl(); }
    Borrowed(const Borrowed&) = delete;
    Borrowed& operator=(const Borrowed&) = delete;
    const at::Tensor& get() const { return tensor_; }

private:
    at::Tensor tensor_;
};

at::Scalar scalar(const nt_value& v) {
    switch (v.tag) {
        case NT_INT: return at::Scalar(v.i);
        case NT_DOUBLE: return at::Scalar(v.d);
        case NT_BOOL: return at::Scalar(v.i != 0);
        default: TORCH_CHECK(false, "a scalar argument must be an int, a double or a bool, got tag ", v.tag);
    }
}

template <typename Signature>
c10::TypedOperatorHandle<Signature>& typed(void* handle) {
    return *static_cast<c10::TypedOperatorHandle<Signature>*>(handle);
}

}  // namespace

NT_API int nt_op_typed(nt_operator op, int32_t signature, void** out) {
    return nt::guard([&] {
        const auto& handle = *static_cast<c10::OperatorHandle*>(op);
        // typed<>() checks the operator's C++ signature and throws when it differs.
        switch (signature) {
            case kUnary: *out = new c10::TypedOperatorHandle<Unary>(handle.typed<Unary>()); return;
            case kBinary: *out = new c10::TypedOperatorHandle<Binary>(handle.typed<Binary>()); return;
            case kBinaryScalar: *out = new c10::TypedOperatorHandle<BinaryScalar>(handle.typed<BinaryScalar>()); return;
            case kTensorScalar: *out = new c10::TypedOperatorHandle<TensorScalar>(handle.typed<TensorScalar>()); return;
            default: TORCH_CHECK(false, "unknown signature ", signature);
        }
    });
}

NT_API int nt_call_unary(void* op, nt_tensor a, nt_tensor* out) {
    return nt::guard([&] {
        Borrowed x(a);
        *out = nt::own(typed<Unary>(op).call(x.get()));
    });
}

NT_API int nt_call_binary(void* op, nt_tensor a, nt_tensor b, nt_tensor* out) {
    return nt::guard([&] {
        Borrowed x(a), y(b);
        *out = nt::own(typed<Binary>(op).call(x.get(), y.get()));
    });
}

NT_API int nt_call_binary_scalar(void* op, nt_tensor a, nt_tensor b, const nt_value* s, nt_tensor* out) {
    return nt::guard([&] {
        Borrowed x(a), y(b);
        *out = nt::own(typed<BinaryScalar>(op).call(x.get(), y.get(), scalar(*s)));
    });
}

NT_API int nt_call_tensor_scalar(void* op, nt_tensor a, const nt_value* s, nt_tensor* out) {
    return nt::guard([&] {
        Borrowed x(a);
        *out = nt::own(typed<TensorScalar>(op).call(x.get(), scalar(*s)));
    });
}
