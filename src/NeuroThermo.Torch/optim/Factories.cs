using NeuroThermo.Torch.Optim;

namespace NeuroThermo.Torch;

public static partial class torch
{
    /// <summary>torch.optim: optimizers over parameters, or over groups with their own options.</summary>
    public static partial class optim
    {
        public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false) =>
            new([new ParamGroup<SGDOptions>(parameters, lr, new SGDOptions(momentum, dampening, weight_decay, nesterov))]);

        public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool? fused = null) =>
            new([new ParamGroup<AdamOptions>(parameters, lr, new AdamOptions(beta1, beta2, eps, weight_decay, amsgrad, fused))]);

        public static AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false, bool? fused = null) =>
            new([new ParamGroup<AdamOptions>(parameters, lr, new AdamOptions(beta1, beta2, eps, weight_decay, amsgrad, fused))]);
    }
}
