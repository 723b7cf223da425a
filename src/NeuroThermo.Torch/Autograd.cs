using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch;

/// <summary>Restores the previous grad mode when disposed (see <see cref="torch.no_grad"/>).</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool _previous;

    internal GradModeScope(bool enabled)
    {
        _previous = torch.is_grad_enabled();
        torch.set_grad_enabled(enabled);
    }

    public void Dispose() => torch.set_grad_enabled(_previous);
}

public static partial class torch
{
    /// <summary>Whether operations are being recorded for autograd on this thread.</summary>
    public static unsafe bool is_grad_enabled()
    {
        int enabled;
        NativeMethods.Check(NativeMethods.nt_grad_enabled(&enabled));
        return enabled != 0;
    }

    public static void set_grad_enabled(bool enabled) => NativeMethods.Check(NativeMethods.nt_set_grad_enabled(enabled ? 1 : 0));

    /// <summary><c>using (torch.no_grad()) { … }</c>: nothing inside is recorded.</summary>
    public static GradModeScope no_grad() => new(false);

    /// <summary><c>using (torch.enable_grad()) { … }</c>: recording on, even inside no_grad.</summary>
    public static GradModeScope enable_grad() => new(true);

    /// <summary>torch.autograd.</summary>
    public static class autograd
    {
        /// <summary>
        /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without
        /// touching any .grad. With <paramref name="create_graph"/> the results are themselves
        /// differentiable, which gives second derivatives, Hessians and Jacobians.
        /// An input the outputs do not depend on gives null when <paramref name="allow_unused"/>.
        /// </summary>
        public static unsafe Tensor?[] grad(
            IReadOnlyList<Tensor> outputs,
            IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor?>? grad_outputs = null,
            bool? retain_graph = null,
            bool create_graph = false,
            bool allow_unused = false)
        {
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException("grad_outputs must have one entry per output", nameof(grad_outputs));
            var outs = stackalloc IntPtr[outputs.Count];
            var gouts = stackalloc IntPtr[outputs.Count];
            var ins = stackalloc IntPtr[inputs.Count];
            var results = stackalloc IntPtr[inputs.Count];
            for (var k = 0; k < outputs.Count; k++)
            {
                outs[k] = outputs[k].Handle;
                gouts[k] = grad_outputs?[k]?.Handle ?? IntPtr.Zero;
            }
            for (var k = 0; k < inputs.Count; k++) ins[k] = inputs[k].Handle;
            var retain = retain_graph is { } r ? (r ? 1 : 0) : -1;
            var status = NativeMethods.nt_autograd_grad(outs, gouts, outputs.Count, ins, inputs.Count, retain,
                create_graph ? 1 : 0, allow_unused ? 1 : 0, results);
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            NativeMethods.Check(status);
            var grads = new Tensor?[inputs.Count];
            for (var k = 0; k < grads.Length; k++) grads[k] = results[k] == IntPtr.Zero ? null : new Tensor(results[k]);
            return grads;
        }

        /// <summary>Single output, single input convenience: d(output)/d(input).</summary>
        public static Tensor grad(Tensor output, Tensor input, bool create_graph = false, bool? retain_graph = null) =>
            grad([output], [input], null, retain_graph, create_graph)[0]
            ?? throw new TorchException("the output does not depend on the input");

        /// <summary>Backward from several outputs at once.</summary>
        public static unsafe void backward(IReadOnlyList<Tensor> tensors, IReadOnlyList<Tensor?>? grad_tensors = null,
            bool? retain_graph = null, bool create_graph = false)
        {
            var outs = stackalloc IntPtr[tensors.Count];
            var grads = stackalloc IntPtr[tensors.Count];
            for (var k = 0; k < tensors.Count; k++)
            {
                outs[k] = tensors[k].Handle;
                grads[k] = grad_tensors?[k]?.Handle ?? IntPtr.Zero;
            }
            var retain = retain_graph is { } r ? (r ? 1 : 0) : -1;
            var status = NativeMethods.nt_backward(outs, grads, tensors.Count, retain, create_graph ? 1 : 0);
            GC.KeepAlive(tensors);
            GC.KeepAlive(grad_tensors);
            NativeMethods.Check(status);
        }
    }
}
