using TorchSharp.Modules;

namespace NeuroThermo.TorchExtensions.Optim;

/// <summary>
/// torch.optim's factories: one group over <c>parameters</c> with the given options, PyTorch's defaults throughout
/// (AdamW's weight decay included, 0.01, where TorchSharp's torch.optim.AdamW has 0). A file that also has
/// <c>using static TorchSharp.torch;</c> sees two classes named <c>optim</c> and must name this one
/// (<c>using optim = NeuroThermo.TorchExtensions.Optim.optim;</c>).
/// </summary>
public static class optim
{
    public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
        double weight_decay = 0, bool nesterov = false) =>
        new([new ParamGroup<SGDOptions>(parameters, lr, new SGDOptions(momentum, dampening, weight_decay, nesterov))]);

    public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) =>
        new([new ParamGroup<AdamOptions>(parameters, lr, new AdamOptions(beta1, beta2, eps, weight_decay, amsgrad))]);

    public static AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false) =>
        new([new ParamGroup<AdamOptions>(parameters, lr, new AdamOptions(beta1, beta2, eps, weight_decay, amsgrad))]);
}
