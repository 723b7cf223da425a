// Catching trampolines for the TorchSharp 0.107 entry points that have no exception handler of their own.
//
// Most of LibTorchSharp's C functions wrap libtorch in try/catch and hand the message to C#; a few do not
// (THSTensor_matmul, THSAutograd_grad, THSTensor_cummax, THSTensor_cummin), and a libtorch error raised in
// one of them unwinds into the .NET runtime, which terminates the process. Each function here calls such an
// entry point through the pointer C# looked up in LibTorchSharp, inside a try block, and returns 0 or a
// non-zero status with libtorch's message copied into the caller's buffer.
//
// No libtorch header is included: tensors are opaque handles, and the only type this file needs to know
// is std::exception, which c10::Error derives from.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <vector>

namespace {

using Handle = void*;
using Allocator = Handle* (*)(std::size_t);

constexpr int kOk = 0;
constexpr int kLibtorchError = 1;
constexpr int kUnknownError = 2;

void copy_message(const char* text, char* message, std::int64_t capacity) {
    if (message == nullptr || capacity <= 0) return;
    std::strncpy(message, text, static_cast<std::size_t>(capacity - 1));
    message[capacity - 1] = '\0';
}

// LibTorchSharp returns tensor lists through an allocator it calls back; this one keeps them per thread
// until the trampoline has copied them out.
thread_local std::vector<Handle> returned;

Handle* allocate_returned(std::size_t length) {
    returned.assign(length, nullptr);
    return returned.data();
}

template <typename Call>
int guarded(Call&& call, char* message, std::int64_t capacity) {
    try {
        call();
        return kOk;
    } catch (const std::exception& error) {
        copy_message(error.what(), message, capacity);
        return kLibtorchError;
    } catch (...) {
        copy_message("libtorch raised an exception that is not a std::exception", message, capacity);
        return kUnknownError;
    }
}

}  // namespace

extern "C" {

// Handle f(Handle, Handle): THSTensor_matmul.
int nt_guard_binary(Handle (*entry)(Handle, Handle), Handle left, Handle right, Handle* result,
                    char* message, std::int64_t capacity) {
    *result = nullptr;
    return guarded([&] { *result = entry(left, right); }, message, capacity);
}

// void f(Handle, Allocator, int64_t): THSTensor_cummax and THSTensor_cummin, which return (values, indices).
int nt_guard_pair_along(void (*entry)(Handle, Allocator, std::int64_t), Handle input, std::int64_t dim,
                        Handle* first, Handle* second, char* message, std::int64_t capacity) {
    *first = *second = nullptr;
    return guarded(
        [&] {
            returned.clear();
            entry(input, allocate_returned, dim);
            if (returned.size() == 2) {
                *first = returned[0];
                *second = returned[1];
            }
        },
        message, capacity);
}

// THSAutograd_grad: one result per input (null where an input is unused and allow_unused is set).
int nt_guard_grad(void (*entry)(Handle*, std::int64_t, Handle*, std::int64_t, Handle*, std::int64_t, bool, bool,
                                bool, Allocator),
                  Handle* outputs, std::int64_t output_count, Handle* inputs, std::int64_t input_count,
                  Handle* grad_outputs, std::int64_t grad_output_count, int retain_graph, int create_graph,
                  int allow_unused, Handle* results, char* message, std::int64_t capacity) {
    for (std::int64_t i = 0; i < input_count; ++i) results[i] = nullptr;
    return guarded(
        [&] {
            returned.clear();
            entry(outputs, output_count, inputs, input_count, grad_outputs, grad_output_count, retain_graph != 0,
                  create_graph != 0, allow_unused != 0, allocate_returned);
            for (std::size_t i = 0; i < returned.size() && static_cast<std::int64_t>(i) < input_count; ++i) {
                results[i] = returned[i];
            }
        },
        message, capacity);
}

}  // extern "C"
