using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Models;

/// <summary>Shape and nonlinearities of a multilayer perceptron.</summary>
public sealed record MlpConfig
{
    /// <summary>Layer widths n_0 (inputs) … n_L (outputs); Fashion-MNIST's 784-256-256-10 by default.</summary>
    public int[] Widths { get; init; } = [784, 256, 256, 10];

    /// <summary>σ of the hidden layers; ReLU trains deep networks fastest.</summary>
    public Activation Hidden { get; init; } = Activation.ReLU;

    /// <summary>σ of the output layer: Identity for softmax cross-entropy (logits), Sigmoid for the quadratic cost.</summary>
    public Activation Output { get; init; } = Activation.Identity;

    /// <summary>The cost the network is trained on.</summary>
    public Cost Cost { get; init; } = Cost.SoftmaxCrossEntropy;
}

/// <summary>
/// A multilayer perceptron (eqs. 5.1–5.6): z^l = W^l a^{l−1} + b^l, a^l = σ(z^l), a^0 = x, with
/// W^l of shape (n_l, n_{l−1}). Batches are rows: a^l is (B, n_l) and z^l = a^{l−1} (W^l)ᵀ + b^l.
/// The layers are kept as <c>layers.{l−1}.weight/bias</c>, so <see cref="Backpropagation"/> can
/// read them in order.
/// </summary>
public sealed class Mlp : torch.nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "layers")]
    private readonly TorchSharp.Modules.ModuleList<TorchSharp.Modules.Linear> _layers;

    public Mlp(MlpConfig config, ScalarType? dtype = null, Generator? generator = null) : base(nameof(Mlp))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Widths.Length < 2)
            throw new ArgumentOutOfRangeException(nameof(config), "an MLP needs at least an input and an output width");
        if (config.Widths.Any(w => w <= 0))
            throw new ArgumentOutOfRangeException(nameof(config), $"widths must be positive: [{string.Join(", ", config.Widths)}]");
        Config = config;
        _layers = new TorchSharp.Modules.ModuleList<TorchSharp.Modules.Linear>();
        for (var l = 1; l < config.Widths.Length; l++)
            _layers.Add(SeededLayers.Linear(config.Widths[l - 1], config.Widths[l], dtype: dtype, generator: generator));
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    public MlpConfig Config { get; }

    /// <summary>The layers W^1 … W^L in order.</summary>
    public IReadOnlyList<TorchSharp.Modules.Linear> Layers => new System.Collections.ObjectModel.ReadOnlyCollection<TorchSharp.Modules.Linear>(_layers);

    /// <summary>a^L: logits for softmax cross-entropy, σ(z^L) otherwise. (B, n_0) → (B, n_L).</summary>
    public override Tensor forward(Tensor input)
    {
        var a = input;
        for (var l = 0; l < _layers.Count; l++)
        {
            var activation = l == _layers.Count - 1 ? Config.Output : Config.Hidden;
            using var z = _layers[l].call(a);
            var next = activation.Apply(z);
            if (!ReferenceEquals(a, input)) a.Dispose();
            a = next;
        }
        return a;
    }

    /// <summary>The cost of this network's output on a batch.</summary>
    public Tensor Loss(Tensor input, Tensor target)
    {
        using var output = forward(input);
        return Config.Cost.Value(output, target);
    }
}
