using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch.Tests.Optim;

/// <summary>libtorch's own torch::optim (through the shim), the reference for our optimizers.</summary>
internal sealed unsafe class ReferenceOptimizer : IDisposable
{
    private IntPtr _handle;

    private ReferenceOptimizer(int kind, IReadOnlyList<Tensor> parameters, double[] options)
    {
        var handles = parameters.Select(p => p.Handle).ToArray();
        fixed (IntPtr* h = handles)
        fixed (double* o = options)
        {
            NativeMethods.Check(NativeMethods.nt_optim_new(kind, h, handles.Length, o, options.Length, out _handle));
        }
        GC.KeepAlive(parameters);
    }

    public static ReferenceOptimizer Sgd(IReadOnlyList<Tensor> p, double lr, double momentum, double dampening, double weightDecay, bool nesterov) =>
        new(0, p, [lr, momentum, dampening, weightDecay, nesterov ? 1 : 0]);

    public static ReferenceOptimizer Adam(IReadOnlyList<Tensor> p, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad) =>
        new(1, p, [lr, beta1, beta2, eps, weightDecay, amsgrad ? 1 : 0]);

    public static ReferenceOptimizer AdamW(IReadOnlyList<Tensor> p, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad) =>
        new(2, p, [lr, beta1, beta2, eps, weightDecay, amsgrad ? 1 : 0]);

    public void Step() => NativeMethods.Check(NativeMethods.nt_optim_step(_handle));

    public void Dispose()
    {
        if (_handle != IntPtr.Zero) NativeMethods.nt_optim_free(_handle);
        _handle = IntPtr.Zero;
    }
}
