using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: DisableRuntimeMarshalling]

// Operator calls stackalloc their argument buffers on every call; nothing reads them before writing.
[module: SkipLocalsInit]

namespace NeuroThermo.Torch.Native;

/// <summary>Tags of <see cref="NtValue"/>; mirror <c>nt_tag</c> in neurothermo.h.</summary>
internal enum NtTag : int
{
    Default = 0,
    None = 1,
    Tensor = 2,
    Int = 3,
    Double = 4,
    Bool = 5,
    IntList = 6,
    DoubleList = 7,
    BoolList = 8,
    TensorList = 9,
    OptionalTensorList = 10,
    String = 11,
    Generator = 12,
    Device = 13,
    ListHeader = 14,
}

/// <summary>A boxed argument or result as the shim sees it (<c>nt_value</c>).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct NtValue
{
    [FieldOffset(0)] public NtTag Tag;
    [FieldOffset(4)] public int Count;
    [FieldOffset(8)] public long I;
    [FieldOffset(8)] public double D;
    [FieldOffset(8)] public IntPtr P;
}

/// <summary>The C ABI of libneurothermo_native (src/NeuroThermo.Native/include/neurothermo.h).</summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "neurothermo_native";

    [LibraryImport(Library)] internal static partial IntPtr nt_last_error();
    [LibraryImport(Library)] internal static partial int nt_init();

    [LibraryImport(Library)] internal static partial int nt_op_find(byte* name, byte* overload, out IntPtr op);
    [LibraryImport(Library)] internal static partial int nt_op_schema(IntPtr op, byte* buffer, long capacity);
    [LibraryImport(Library)]
    internal static partial int nt_op_call(IntPtr op, NtValue* args, int nargs, NtValue* results, int capacity, int* nresults, int discardResults);

    [LibraryImport(Library)] internal static partial int nt_op_typed(IntPtr op, int signature, IntPtr* typed);
    [LibraryImport(Library)] internal static partial int nt_call_unary(IntPtr typed, IntPtr a, IntPtr* result);
    [LibraryImport(Library)] internal static partial int nt_call_binary(IntPtr typed, IntPtr a, IntPtr b, IntPtr* result);
    [LibraryImport(Library)] internal static partial int nt_call_binary_scalar(IntPtr typed, IntPtr a, IntPtr b, NtValue* s, IntPtr* result);
    [LibraryImport(Library)] internal static partial int nt_call_tensor_scalar(IntPtr typed, IntPtr a, NtValue* s, IntPtr* result);

    [LibraryImport(Library)] internal static partial void nt_tensor_free(IntPtr tensor);
    [LibraryImport(Library)]
    internal static partial int nt_tensor_meta(IntPtr tensor, int* dtype, int* ndim, int* deviceType, int* deviceIndex, int* requiresGrad);
    [LibraryImport(Library)] internal static partial int nt_tensor_shape(IntPtr tensor, long* sizes, long* strides, int capacity);
    [LibraryImport(Library)] internal static partial int nt_tensor_numel(IntPtr tensor, long* numel);
    [LibraryImport(Library)] internal static partial int nt_tensor_data_ptr(IntPtr tensor, void** data);
    [LibraryImport(Library)] internal static partial int nt_tensor_is_contiguous(IntPtr tensor, int* contiguous);
    [LibraryImport(Library)]
    internal static partial int nt_tensor_from_data(void* data, long nbytes, int dtype, long* shape, int ndim, out IntPtr tensor);
    [LibraryImport(Library)] internal static partial int nt_tensor_alias(IntPtr tensor, out IntPtr alias);
    [LibraryImport(Library)] internal static partial int nt_tensor_set_data(IntPtr tensor, IntPtr data);
    [LibraryImport(Library)] internal static partial int nt_tensor_same(IntPtr a, IntPtr b, int* same);

    [LibraryImport(Library)] internal static partial int nt_grad_enabled(int* enabled);
    [LibraryImport(Library)] internal static partial int nt_set_grad_enabled(int enabled);
    [LibraryImport(Library)] internal static partial int nt_tensor_set_requires_grad(IntPtr tensor, int requiresGrad);
    [LibraryImport(Library)] internal static partial int nt_tensor_grad(IntPtr tensor, out IntPtr grad);
    [LibraryImport(Library)] internal static partial int nt_tensor_set_grad(IntPtr tensor, IntPtr grad);
    [LibraryImport(Library)] internal static partial int nt_tensor_is_leaf(IntPtr tensor, int* leaf);
    [LibraryImport(Library)] internal static partial int nt_tensor_grad_fn_name(IntPtr tensor, byte* buffer, long capacity);
    [LibraryImport(Library)]
    internal static partial int nt_backward(IntPtr* tensors, IntPtr* grads, int n, int retainGraph, int createGraph);
    [LibraryImport(Library)]
    internal static partial int nt_autograd_grad(IntPtr* outputs, IntPtr* gradOutputs, int noutputs, IntPtr* inputs, int ninputs,
        int retainGraph, int createGraph, int allowUnused, IntPtr* results);

    [LibraryImport(Library)] internal static partial int nt_set_num_threads(int n);
    [LibraryImport(Library)] internal static partial int nt_get_num_threads(int* n);
    [LibraryImport(Library)] internal static partial int nt_manual_seed(ulong seed);
    [LibraryImport(Library)] internal static partial int nt_cuda_is_available(int* available);
    [LibraryImport(Library)] internal static partial int nt_cuda_device_count(int* count);
    [LibraryImport(Library)] internal static partial int nt_generator_new(ulong seed, out IntPtr generator);
    [LibraryImport(Library)] internal static partial int nt_generator_default(out IntPtr generator);
    [LibraryImport(Library)] internal static partial void nt_generator_free(IntPtr generator);
    [LibraryImport(Library)] internal static partial int nt_generator_manual_seed(IntPtr generator, ulong seed);
    [LibraryImport(Library)] internal static partial int nt_generator_initial_seed(IntPtr generator, ulong* seed);
    [LibraryImport(Library)] internal static partial int nt_generator_get_state(IntPtr generator, out IntPtr state);
    [LibraryImport(Library)] internal static partial int nt_generator_set_state(IntPtr generator, IntPtr state);

    [LibraryImport(Library)]
    internal static partial int nt_optim_new(int kind, IntPtr* parameters, int nparams, double* options, int noptions, out IntPtr optimizer);
    [LibraryImport(Library)] internal static partial int nt_optim_step(IntPtr optimizer);
    [LibraryImport(Library)] internal static partial void nt_optim_free(IntPtr optimizer);

    [LibraryImport(Library)]
    internal static partial int nt_adam_step(IntPtr param, IntPtr grad, IntPtr expAvg, IntPtr expAvgSq, double* options, int noptions);
    [LibraryImport(Library)] internal static partial int nt_blas_core(byte* buffer, long capacity);
    [LibraryImport(Library)] internal static partial int nt_causal_attention(IntPtr q, IntPtr k, IntPtr v, double scale, out IntPtr result);
    [LibraryImport(Library)] internal static partial int nt_linear(IntPtr x, IntPtr weight, IntPtr bias, out IntPtr result);
    [LibraryImport(Library)] internal static partial int nt_clip_grad_norm(IntPtr* grads, int count, double maxNorm, out double totalNorm);

    /// <summary>Throws <see cref="TorchException"/> with libtorch's message when a call failed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status)
    {
        if (status != 0) ThrowLastError();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowLastError() =>
        throw new TorchException(Marshal.PtrToStringUTF8(nt_last_error()) ?? "unknown libtorch error");
}
