using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

// Autograd on a tensor: requires_grad, .grad, backward, detach.
public partial class Tensor
{
    /// <summary>Whether operations on this tensor are recorded for differentiation.</summary>
    public bool requires_grad
    {
        get => Meta().RequiresGrad;
        set => NativeMethods.Check(NativeMethods.nt_tensor_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="requires_grad"/> and returns this tensor.</summary>
    public Tensor requires_grad_(bool requiresGrad = true)
    {
        requires_grad = requiresGrad;
        return this;
    }

    /// <summary>
    /// The gradient accumulated by <see cref="backward"/>, or null. Each read returns a new handle
    /// to the same gradient tensor (dispose it, or read it inside a dispose scope).
    /// </summary>
    public Tensor? grad
    {
        get
        {
            NativeMethods.Check(NativeMethods.nt_tensor_grad(Handle, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set
        {
            NativeMethods.Check(NativeMethods.nt_tensor_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
            GC.KeepAlive(value);
        }
    }

    /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
    public unsafe bool is_leaf
    {
        get
        {
            int leaf;
            NativeMethods.Check(NativeMethods.nt_tensor_is_leaf(Handle, &leaf));
            return leaf != 0;
        }
    }

    /// <summary>Name of the autograd node that produced this tensor ("" for leaves).</summary>
    public unsafe string grad_fn_name
    {
        get
        {
            var buffer = stackalloc byte[256];
            NativeMethods.Check(NativeMethods.nt_tensor_grad_fn_name(Handle, buffer, 256));
            return new string((sbyte*)buffer);
        }
    }

    /// <summary>Keeps .grad on a non-leaf tensor after backward.</summary>
    public Tensor retain_grad() => InPlace(Aten.retain_grad, this);

    /// <summary>
    /// Accumulates d(this)/d(leaf) into every leaf's .grad. A non-scalar tensor needs
    /// <paramref name="gradient"/> (the vector of the vector-Jacobian product).
    /// </summary>
    public unsafe void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false)
    {
        var output = Handle;
        var grad = gradient?.Handle ?? IntPtr.Zero;
        var retain = retain_graph is { } r ? (r ? 1 : 0) : -1;
        NativeMethods.Check(NativeMethods.nt_backward(&output, &grad, 1, retain, create_graph ? 1 : 0));
        GC.KeepAlive(gradient);
    }

    /// <summary>Same data, cut from the graph (never requires grad).</summary>
    public Tensor detach() => Aten.detach.Call(this);
}
