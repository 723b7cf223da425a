using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.Models.Diffusion;

/// <summary>
/// An MLP noise predictor ε_θ(x_t, t) with a sinusoidal time embedding. The engine has no convolution, so images
/// are flattened rows too. The step t enters through e(t) = SiLU(W_e sin/cos(t ω_k)) with frequencies
/// ω_k = 10000^(−k/(E/2)), which every residual block adds, through its own linear map, between its two layers:
/// <code>
/// h ← W_in x_t
/// h ← h + W_2 SiLU(W_1 SiLU(LayerNorm(h)) + W_t e(t))   (each block)
/// ε̂ = W_out SiLU(h) + (W_g e(t)) ⊙ x_t
/// </code>
/// The last term, a gain per coordinate and step, carries x_t past the H-wide stream: at high noise ε̂ ≈ x_t/√(1 − ᾱ_t)
/// is a full-rank map that a stream narrower than D cannot pass, and without it a 256-wide network on 784 pixels
/// stalled at a loss of 0.74 (about the 1 − 256/784 of noise it could not carry).
/// </summary>
public sealed class EpsilonNetwork : torch.nn.Module, INoisePredictor
{
    [ComponentName(Name = "timeIn")]
    private readonly TorchSharp.Modules.Linear _timeIn;
    [ComponentName(Name = "input")]
    private readonly TorchSharp.Modules.Linear _input;
    [ComponentName(Name = "blocks")]
    private readonly TorchSharp.Modules.ModuleList<EpsilonBlock> _blocks;
    [ComponentName(Name = "output")]
    private readonly TorchSharp.Modules.Linear _output;
    [ComponentName(Name = "gain")]
    private readonly TorchSharp.Modules.Linear _gain;

    public EpsilonNetwork(EpsilonNetworkConfig config, Generator? generator = null) : base(nameof(EpsilonNetwork))
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Dimension < 1)
            throw new ArgumentOutOfRangeException(nameof(config), config.Dimension, "the data dimension must be positive");
        if (config.HiddenWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(config), config.HiddenWidth, "the hidden width must be positive");
        if (config.Blocks < 0)
            throw new ArgumentOutOfRangeException(nameof(config), config.Blocks, "the block count must not be negative");
        if (config.TimeEmbedding < 2 || config.TimeEmbedding % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(config), config.TimeEmbedding, "the time embedding must be a positive even size");
        Config = config;
        _timeIn = SeededLayers.Linear(config.TimeEmbedding, config.HiddenWidth, generator: generator);
        _input = SeededLayers.Linear(config.Dimension, config.HiddenWidth, generator: generator);
        _blocks = new TorchSharp.Modules.ModuleList<EpsilonBlock>();
        for (int b = 0; b < config.Blocks; b++)
            _blocks.Add(new EpsilonBlock(config.HiddenWidth, generator));
        _output = SeededLayers.Linear(config.HiddenWidth, config.Dimension, generator: generator);
        _gain = SeededLayers.Linear(config.HiddenWidth, config.Dimension, generator: generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    public EpsilonNetworkConfig Config { get; }

    /// <summary>ε̂ (B, D) for x_t (B, D) at steps t (B, long).</summary>
    public Tensor PredictNoise(Tensor noisy, Tensor steps)
    {
        ArgumentNullException.ThrowIfNull(noisy);
        ArgumentNullException.ThrowIfNull(steps);
        using var scope = torch.NewDisposeScope();
        var time = _timeIn.call(TimeEmbedding(steps, Config.TimeEmbedding, noisy.dtype)).silu(); // (B, H)
        var h = _input.call(noisy);                                                               // (B, H)
        foreach (var block in _blocks)
            h = block.Forward(h, time);
        var skip = _gain.call(time) * noisy;                                                      // (B, D)
        return (_output.call(h.silu()) + skip).MoveToOuterDisposeScope();                         // (B, D)
    }

    /// <summary>[sin(t ω_0) … sin(t ω_{E/2−1}), cos(t ω_0) … cos(t ω_{E/2−1})] with ω_k = 10000^(−k/(E/2)); (B, E).</summary>
    public static Tensor TimeEmbedding(Tensor steps, int size, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(steps);
        using var scope = torch.NewDisposeScope();
        int half = size / 2;
        var frequencies = (torch.arange(half, dtype: ScalarType.Float64) * (-Math.Log(10000) / half)).exp(); // (E/2)
        var angles = steps.to(ScalarType.Float64).unsqueeze(1) * frequencies.unsqueeze(0);              // (B, 1) * (1, E/2) -> (B, E/2)
        return torch.cat([angles.sin(), angles.cos()], 1).to(dtype).MoveToOuterDisposeScope();           // (B, E)
    }
}

/// <summary>One residual block of <see cref="EpsilonNetwork"/>: h + W_2 SiLU(W_1 SiLU(LayerNorm(h)) + W_t e).</summary>
public sealed class EpsilonBlock : torch.nn.Module
{
    [ComponentName(Name = "norm")]
    private readonly ManagedLayerNorm _norm;
    [ComponentName(Name = "first")]
    private readonly TorchSharp.Modules.Linear _first;
    [ComponentName(Name = "time")]
    private readonly TorchSharp.Modules.Linear _time;
    [ComponentName(Name = "second")]
    private readonly TorchSharp.Modules.Linear _second;

    public EpsilonBlock(int width, Generator? generator = null) : base(nameof(EpsilonBlock))
    {
        _norm = new ManagedLayerNorm([width]);
        _first = SeededLayers.Linear(width, width, generator: generator);
        _time = SeededLayers.Linear(width, width, generator: generator);
        _second = SeededLayers.Linear(width, width, generator: generator);
        RegisterComponents();
        this.TakeOwnershipOfState();
    }

    /// <summary>The block's output (B, H) for the stream h (B, H) and the time embedding e (B, H); tensors go to the caller's scope.</summary>
    public Tensor Forward(Tensor stream, Tensor time) =>
        stream + _second.call((_first.call(_norm.call(stream).silu()) + _time.call(time)).silu());
}
