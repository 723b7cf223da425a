// Tensor handles: metadata, raw data access and construction from caller memory.
#include "common.h"

#include <cstring>

NT_API void nt_tensor_free(nt_tensor t) {
    if (t != nullptr) c10::raw::intrusive_ptr::decref(static_cast<c10::TensorImpl*>(t));
}

NT_API int nt_tensor_meta(nt_tensor t, int32_t* dtype, int32_t* ndim, int32_t* device_type,
                          int32_t* device_index, int32_t* requires_grad) {
    return nt::guard([&] {
        const auto& x = nt::tensor(t);
        *dtype = static_cast<int32_t>(x.scalar_type());
        *ndim = static_cast<int32_t>(x.dim());
        *device_type = static_cast<int32_t>(x.device().type());
        *device_index = x.device().index();
        *requires_grad = x.requires_grad() ? 1 : 0;
    });
}

NT_API int nt_tensor_shape(nt_tensor t, int64_t* sizes, int64_t* strides, int32_t capacity) {
    return nt::guard([&] {
        const auto& x = nt::tensor(t);
        TORCH_CHECK(x.dim() <= capacity, "shape buffer too small");
        for (int64_t k = 0; k < x.dim(); ++k) {
            if (sizes) sizes[k] = x.size(k);
            if (strides) strides[k] = x.stride(k);
        }
    });
}

NT_API int nt_tensor_numel(nt_tensor t, int64_t* out) {
    return nt::guard([&] { *out = nt::tensor(t).numel(); });
}

NT_API int nt_tensor_data_ptr(nt_tensor t, void** out) {
    return nt::guard([&] { *out = nt::tensor(t).data_ptr(); });
}

NT_API int nt_tensor_is_contiguous(nt_tensor t, int32_t* out) {
    return nt::guard([&] { *out = nt::tensor(t).is_contiguous() ? 1 : 0; });
}

NT_API int nt_tensor_from_data(const void* data, int64_t nbytes, int32_t dtype, const int64_t* shape,
                               int32_t ndim, nt_tensor* out) {
    return nt::guard([&] {
        auto options = at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
        auto result = at::empty(c10::IntArrayRef(shape, static_cast<size_t>(ndim)), options);
        const auto expected = static_cast<int64_t>(result.nbytes());
        TORCH_CHECK(expected == nbytes, "data holds ", nbytes, " bytes but the shape needs ", expected);
        if (nbytes > 0) std::memcpy(result.data_ptr(), data, static_cast<size_t>(nbytes));
        *out = nt::own(std::move(result));
    });
}

NT_API int nt_tensor_alias(nt_tensor t, nt_tensor* out) {
    return nt::guard([&] { *out = nt::own(nt::tensor(t)); });
}

NT_API int nt_tensor_set_data(nt_tensor t, nt_tensor data) {
    return nt::guard([&] { nt::tensor(t).set_data(nt::tensor(data)); });
}

NT_API int nt_tensor_same(nt_tensor a, nt_tensor b, int32_t* out) {
    return nt::guard([&] { *out = nt::tensor(a).is_same(nt::tensor(b)) ? 1 : 0; });
}
