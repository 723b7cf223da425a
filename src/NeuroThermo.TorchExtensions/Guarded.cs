using NeuroThermo.TorchExtensions.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions;

/// <summary>
/// The TorchSharp 0.107 calls whose native entry points have no exception handler (THSTensor_matmul,
/// THSAutograd_grad, THSTensor_cummax, THSTensor_cummin): a libtorch error in them — a shape mismatch, a
/// derivative through a freed graph, a dimension out of range — terminates the process instead of throwing.
/// These versions make the same native call inside a catching trampoline and throw the
/// <see cref="System.Runtime.InteropServices.ExternalException"/> with libtorch's message that TorchSharp
/// throws everywhere else. The project's code may not call the unguarded ones (BannedSymbols.txt).
/// </summary>
public static unsafe class Guarded
{
    /// <summary><c>torch.matmul</c>: the matrix product with PyTorch's rules for 1-D, 2-D and batched operands.</summary>
    public static Tensor matmul(Tensor input, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(other);
        byte* message = stackalloc byte[GuardNative.MessageCapacity];
        IntPtr result;
        int status = GuardNative.nt_guard_binary(GuardNative.MatMul, input.Handle, other.Handle, &result, message, GuardNative.MessageCapacity);
        GC.KeepAlive(input);
        GC.KeepAlive(other);
        GuardNative.ThrowIfFailed(status, message);
        return Tensor.UnsafeCreateTensor(result);
    }

    /// <summary><c>torch.cummax</c>: running maxima along <paramref name="dim"/> and the indices where they occur.</summary>
    public static (Tensor values, Tensor indices) cummax(Tensor input, long dim) => PairAlong(GuardNative.CumMax, input, dim);

    /// <summary><c>torch.cummin</c>: running minima along <paramref name="dim"/> and the indices where they occur.</summary>
    public static (Tensor values, Tensor indices) cummin(Tensor input, long dim) => PairAlong(GuardNative.CumMin, input, dim);

    /// <summary>
    /// <c>torch.autograd.grad</c> with PyTorch's defaults: the gradients of <paramref name="outputs"/> with respect to
    /// each of <paramref name="inputs"/>, every input required to take part. <paramref name="retain_graph"/> defaults to
    /// <paramref name="create_graph"/>, as in PyTorch (TorchSharp's own default is false, which frees the graph a
    /// second derivative needs).
    /// </summary>
    public static Tensor[] grad(
        IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? grad_outputs = null,
        bool? retain_graph = null, bool create_graph = false)
    {
        Tensor?[] gradients = Grad(outputs, inputs, grad_outputs, retain_graph ?? create_graph, create_graph, allowUnused: false);
        return Array.ConvertAll(gradients, g => g ?? throw new InvalidOperationException("libtorch returned no gradient for a used input."));
    }

    /// <summary>The gradient of one output with respect to one input, as <see cref="grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool?, bool)"/>.</summary>
    public static Tensor grad(Tensor output, Tensor input, bool create_graph = false, bool? retain_graph = null) =>
        grad([output], [input], null, retain_graph, create_graph)[0];

    /// <summary>As <see cref="grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool?, bool)"/>, but an input the outputs do not depend on gets null instead of an error.</summary>
    public static Tensor?[] grad_allow_unused(
        IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? grad_outputs = null,
        bool? retain_graph = null, bool create_graph = false) =>
        Grad(outputs, inputs, grad_outputs, retain_graph ?? create_graph, create_graph, allowUnused: true);

    private static (Tensor, Tensor) PairAlong(IntPtr entry, Tensor input, long dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        byte* message = stackalloc byte[GuardNative.MessageCapacity];
        IntPtr first, second;
        int status = GuardNative.nt_guard_pair_along(entry, input.Handle, dim, &first, &second, message, GuardNative.MessageCapacity);
        GC.KeepAlive(input);
        GuardNative.ThrowIfFailed(status, message);
        return (Tensor.UnsafeCreateTensor(first), Tensor.UnsafeCreateTensor(second));
    }

    private static Tensor?[] Grad(
        IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? gradOutputs,
        bool retainGraph, bool createGraph, bool allowUnused)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
        {
            throw new ArgumentException(
                $"grad_outputs has {gradOutputs.Count} tensors, but there are {outputs.Count} outputs.", nameof(gradOutputs));
        }
        IntPtr[] outputHandles = Handles(outputs), inputHandles = Handles(inputs);
        IntPtr[] gradOutputHandles = gradOutputs is null ? [] : Handles(gradOutputs);
        var results = new IntPtr[inputs.Count];
        byte* message = stackalloc byte[GuardNative.MessageCapacity];
        int status;
        fixed (IntPtr* o = outputHandles, i = inputHandles, g = gradOutputHandles, r = results)
        {
            status = GuardNative.nt_guard_grad(
                GuardNative.Grad, o, outputHandles.Length, i, inputHandles.Length, gradOutputs is null ? null : g, gradOutputHandles.Length,
                retainGraph ? 1 : 0, createGraph ? 1 : 0, allowUnused ? 1 : 0, r, message, GuardNative.MessageCapacity);
        }
        GC.KeepAlive(outputs);
        GC.KeepAlive(inputs);
        GC.KeepAlive(gradOutputs);
        GuardNative.ThrowIfFailed(status, message);
        return Array.ConvertAll(results, h => h == IntPtr.Zero ? null : Tensor.UnsafeCreateTensor(h));
    }

    private static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new IntPtr[tensors.Count];
        for (int k = 0; k < handles.Length; k++)
        {
            handles[k] = (tensors[k] ?? throw new ArgumentNullException(nameof(tensors), $"tensor {k} is null")).Handle;
        }
        return handles;
    }
}
