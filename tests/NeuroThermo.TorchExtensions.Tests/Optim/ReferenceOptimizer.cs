using TorchSharp;
using TorchSharp.Modules;

// TorchSharp's optimizers are banned in the project (build/BannedSymbols.txt) except here, as the independent reference.
#pragma warning disable RS0030

namespace NeuroThermo.TorchExtensions.Tests.Optim;

/// <summary>
/// TorchSharp's own torch.optim, the reference for our optimizers (the old binding held them to libtorch's C++
/// torch::optim; TorchSharp's managed optimizers implement the same updates and are what its users run).
/// Every hyper-parameter is passed, so no default of theirs (AdamW's weight decay of 0, say) enters a comparison.
/// </summary>
internal sealed class ReferenceOptimizer(torch.optim.Optimizer inner) : IDisposable
{
    public static ReferenceOptimizer Sgd(IReadOnlyList<Parameter> p, double lr, double momentum, double dampening, double weightDecay, bool nesterov) =>
        new(torch.optim.SGD(p, lr, momentum, dampening, weightDecay, nesterov));

    public static ReferenceOptimizer Adam(IReadOnlyList<Parameter> p, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad) =>
        new(torch.optim.Adam(p, lr, beta1, beta2, eps, weightDecay, amsgrad));

    public static ReferenceOptimizer AdamW(IReadOnlyList<Parameter> p, double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad) =>
        new(torch.optim.AdamW(p, lr, beta1, beta2, eps, weightDecay, amsgrad));

    public void Step() => inner.step();

    public void Dispose() => inner.Dispose();
}
