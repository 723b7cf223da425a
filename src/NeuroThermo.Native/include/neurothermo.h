// The C ABI of the NeuroThermo shim over libtorch.
//
// Conventions:
// - Every function returns 0 on success and non-zero on failure; on failure nt_last_error()
//   returns the message (libtorch's own message for a c10::Error), valid until the next failing
//   call on the same thread. No C++ exception ever crosses this boundary.
// - A tensor handle is a c10::TensorImpl* owning one reference; nt_tensor_free releases it.
// - Operators are called through libtorch's dispatcher with boxed arguments (see
//   docs/engine.md for why one generic entry point rather than one function per operator).
#pragma once
#include <stdint.h>

#if defined(_WIN32)
#define NT_API extern "C" __declspec(dllexport)
#else
#define NT_API extern "C" __attribute__((visibility("default")))
#endif

typedef void* nt_tensor;     // c10::TensorImpl*, owning one reference
typedef void* nt_generator;  // at::Generator*
typedef void* nt_operator;   // c10::OperatorHandle*
typedef void* nt_optimizer;  // torch::optim::Optimizer*

// Tags of a boxed value. Lists point at caller-owned arrays of `count` elements.
enum nt_tag {
    NT_DEFAULT = 0,          // use the schema's default for this argument
    NT_NONE = 1,             // an explicit None (optional arguments)
    NT_TENSOR = 2,           // p: nt_tensor
    NT_INT = 3,              // i
    NT_DOUBLE = 4,           // d
    NT_BOOL = 5,             // i != 0
    NT_INT_LIST = 6,         // p: int64_t[count]
    NT_DOUBLE_LIST = 7,      // p: double[count]
    NT_BOOL_LIST = 8,        // p: uint8_t[count]
    NT_TENSOR_LIST = 9,      // p: nt_tensor[count]
    NT_OPT_TENSOR_LIST = 10, // p: nt_tensor[count], null entries are None
    NT_STRING = 11,          // p: UTF-8, NUL-terminated
    NT_GENERATOR = 12,       // p: nt_generator
    NT_DEVICE = 13,          // i: device type, count: index
    NT_LIST_HEADER = 14,     // results only: the next `count` results form one list
};

typedef struct nt_value {
    int32_t tag;
    int32_t count;
    union {
        int64_t i;
        double d;
        void* p;
    };
} nt_value;

NT_API const char* nt_last_error(void);
NT_API int nt_init(void);

// Operators through the dispatcher.
NT_API int nt_op_find(const char* name, const char* overload, nt_operator* out);
NT_API int nt_op_schema(nt_operator op, char* buffer, int64_t capacity);
// Calls `op` with `nargs` positional arguments (trailing ones may be omitted when the schema has
// defaults). Results are written to `results` (at most `capacity`); `*nresults` receives the
// count. With discard_results set, returned tensors are not handed out (in-place operators).
NT_API int nt_op_call(nt_operator op, const nt_value* args, int32_t nargs, nt_value* results,
                      int32_t capacity, int32_t* nresults, int32_t discard_results);

// Typed fast paths (typed.cpp): signature 1 = (Tensor) -> Tensor, 2 = (Tensor, Tensor) -> Tensor,
// 3 = (Tensor, Tensor, Scalar) -> Tensor, 4 = (Tensor, Scalar) -> Tensor. nt_op_typed fails when the
// operator's schema is not exactly that signature.
NT_API int nt_op_typed(nt_operator op, int32_t signature, void** out);
NT_API int nt_call_unary(void* op, nt_tensor a, nt_tensor* out);
NT_API int nt_call_binary(void* op, nt_tensor a, nt_tensor b, nt_tensor* out);
NT_API int nt_call_binary_scalar(void* op, nt_tensor a, nt_tensor b, const nt_value* s, nt_tensor* out);
NT_API int nt_call_tensor_scalar(void* op, nt_tensor a, const nt_value* s, nt_tensor* out);

// Tensors.
NT_API void nt_tensor_free(nt_tensor t);
NT_API int nt_tensor_meta(nt_tensor t, int32_t* dtype, int32_t* ndim, int32_t* device_type,
                          int32_t* device_index, int32_t* requires_grad);
NT_API int nt_tensor_shape(nt_tensor t, int64_t* sizes, int64_t* strides, int32_t capacity);
NT_API int nt_tensor_numel(nt_tensor t, int64_t* out);
NT_API int nt_tensor_data_ptr(nt_tensor t, void** out);
NT_API int nt_tensor_is_contiguous(nt_tensor t, int32_t* out);
NT_API int nt_tensor_from_data(const void* data, int64_t nbytes, int32_t dtype, const int64_t* shape,
                               int32_t ndim, nt_tensor* out);
NT_API int nt_tensor_alias(nt_tensor t, nt_tensor* out);
NT_API int nt_tensor_set_data(nt_tensor t, nt_tensor data);
NT_API int nt_tensor_same(nt_tensor a, nt_tensor b, int32_t* out);

// Autograd.
NT_API int nt_grad_enabled(int32_t* out);
NT_API int nt_set_grad_enabled(int32_t enabled);
NT_API int nt_tensor_set_requires_grad(nt_tensor t, int32_t requires_grad);
NT_API int nt_tensor_grad(nt_tensor t, nt_tensor* out);  // *out = null when undefined
NT_API int nt_tensor_set_grad(nt_tensor t, nt_tensor grad);  // grad may be null
NT_API int nt_tensor_is_leaf(nt_tensor t, int32_t* out);
NT_API int nt_tensor_grad_fn_name(nt_tensor t, char* buffer, int64_t capacity);
NT_API int nt_backward(const nt_tensor* tensors, const nt_tensor* grads, int32_t n,
                       int32_t retain_graph, int32_t create_graph);
NT_API int nt_autograd_grad(const nt_tensor* outputs, const nt_tensor* grad_outputs, int32_t noutputs,
                            const nt_tensor* inputs, int32_t ninputs, int32_t retain_graph,
                            int32_t create_graph, int32_t allow_unused, nt_tensor* results);

// Runtime: threads, seeds, generators, devices.
NT_API int nt_set_num_threads(int32_t n);
NT_API int nt_get_num_threads(int32_t* out);
// The kernel set of the OpenBLAS libtorch runs on ("Haswell", "Cooperlake", …); empty when BLAS is not OpenBLAS.
NT_API int nt_blas_core(char* buffer, int64_t capacity);
NT_API int nt_manual_seed(uint64_t seed);
NT_API int nt_cuda_is_available(int32_t* out);
NT_API int nt_cuda_device_count(int32_t* out);
NT_API int nt_generator_new(uint64_t seed, nt_generator* out);
NT_API int nt_generator_default(nt_generator* out);
NT_API void nt_generator_free(nt_generator g);
NT_API int nt_generator_manual_seed(nt_generator g, uint64_t seed);
NT_API int nt_generator_initial_seed(nt_generator g, uint64_t* out);
NT_API int nt_generator_get_state(nt_generator g, nt_tensor* out);
NT_API int nt_generator_set_state(nt_generator g, nt_tensor state);

// libtorch's own optimizers, used as the reference our C# optimizers are tested against.
// kind: 0 SGD(lr, momentum, dampening, weight_decay, nesterov), 1 Adam and 2 AdamW
// (lr, beta1, beta2, eps, weight_decay, amsgrad).
NT_API int nt_optim_new(int32_t kind, const nt_tensor* params, int32_t nparams, const double* options,
                        int32_t noptions, nt_optimizer* out);
NT_API int nt_optim_step(nt_optimizer opt);
NT_API void nt_optim_free(nt_optimizer opt);

// Fused optimizer kernels (optim_fused.cpp): one pass per element instead of one per tensor operation.
// nt_adam_step updates param, exp_avg and exp_avg_sq in place (contiguous CPU float32/float64, all of one
// type and size); options: lr, beta1, beta2, eps, weight_decay, decoupled (0 Adam's L2, 1 AdamW's decay),
// bias_correction1, bias_correction2.
NT_API int nt_adam_step(nt_tensor param, nt_tensor grad, nt_tensor exp_avg, nt_tensor exp_avg_sq,
                        const double* options, int32_t noptions);
// Scales the gradients in place so that their joint L2 norm is at most max_norm (factor max_norm /
// (norm + 1e-6), capped at 1) and writes the norm before clipping, summed in double in a fixed order.
NT_API int nt_clip_grad_norm(const nt_tensor* grads, int32_t count, double max_norm, double* total_norm);

// x Wᵀ + b (bias may be null) as aten::linear computes it; with two intra-op threads and both x and W needing
// gradients, the backward runs ∂L/∂x and ∂L/∂W on one thread each (linear.cpp).
NT_API int nt_linear(nt_tensor x, nt_tensor weight, nt_tensor bias, nt_tensor* out);
// softmax(scale · q kᵀ masked to keys j ≤ query i) v for q, k, v of one shape (batch, heads, time, features), as one
// autograd node computing only the unmasked half (causal_attention.cpp). The result is (batch, heads, time,
// features) over memory laid out as (batch, time, heads, features).
NT_API int nt_causal_attention(nt_tensor q, nt_tensor k, nt_tensor v, double scale, nt_tensor* out);

// Checkerboard Metropolis for the periodic L x L Ising model (ising_checkerboard.cpp), in place.
// spins: (chains, 4, L/2, L/2) int8 ±1, quarter q = colour (q/2) x row parity (q%2);
// rng: (chains, L, 4, 16) int32, one 16-lane xoshiro128+ per lattice row, filled by _seed.
// thresholds: 10 acceptance limits on the top 31 bits of a random word, [spin -1: neighbour sum
// -4, -2, 0, 2, 4; spin +1: same], each the acceptance probability times 2^31.
// bond_sums / spin_sums (either may be null): (sweeps, chains) sums of s_i s_j over bonds and of s_i
// after each sweep.
NT_API int nt_ising_checkerboard_seed(nt_tensor rng, uint64_t seed);
NT_API int nt_ising_checkerboard_sweeps(nt_tensor spins, nt_tensor rng, const uint32_t* thresholds, int64_t sweeps,
                                        int64_t* bond_sums, int64_t* spin_sums);

// Distributed collectives (distributed.cpp): a c10d TCP store for the rendezvous and a Gloo process group.
// The store's timeout bounds connecting and waiting for keys; the group's timeout bounds every collective.
// Collectives run to completion in place; their errors name the operation and this rank.
typedef void* nt_store;          // a c10d::TCPStore (the master hosts it)
typedef void* nt_process_group;  // a c10d::ProcessGroupGloo
NT_API int nt_store_new(const char* host, int32_t port, int32_t is_master, int64_t timeout_ms, nt_store* out);
NT_API int nt_store_port(nt_store s, int32_t* out);  // the bound port (a master started on port 0 picks one)
NT_API void nt_store_free(nt_store s);
NT_API int nt_store_set(nt_store s, const char* key, const uint8_t* value, int64_t length);
// Waits for `key` (up to the store's timeout); *length receives the value's size, copied when it fits.
NT_API int nt_store_get(nt_store s, const char* key, uint8_t* buffer, int64_t capacity, int64_t* length);
NT_API int nt_store_add(nt_store s, const char* key, int64_t delta, int64_t* out);
NT_API int nt_store_check(nt_store s, const char* key, int32_t* out);
// Gloo binds `interface_name` if given, else the address `hostname` resolves to, else its default device.
NT_API int nt_pg_new(nt_store s, int32_t rank, int32_t size, int64_t timeout_ms, const char* interface_name,
                     const char* hostname, nt_process_group* out);
NT_API void nt_pg_free(nt_process_group g);
NT_API int nt_pg_allreduce(nt_process_group g, nt_tensor tensor, int32_t average);  // sum, or mean when average
NT_API int nt_pg_broadcast(nt_process_group g, nt_tensor tensor, int32_t root);
NT_API int nt_pg_barrier(nt_process_group g);
// outputs receives one new tensor per rank, in rank order.
NT_API int nt_pg_all_gather(nt_process_group g, nt_tensor input, nt_tensor* outputs);
