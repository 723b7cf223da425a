using NeuroThermo.Sampling.Langevin;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Optim;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Models.Energies;

/// <summary>Hyper-parameters of <see cref="ContrastiveDivergenceTrainer"/>.</summary>
public sealed record ContrastiveDivergenceConfig
{
    /// <summary>Langevin steps per negative batch; with a persistent buffer a few dozen suffice (Du and Mordatch 2019).</summary>
    public int LangevinSteps { get; init; } = 40;

    /// <summary>ε of the negative chains' ULA steps x ← x − ε∇E + √(2ε) ξ (β = 1).</summary>
    public double StepSize { get; init; } = 0.005;

    /// <summary>Persistent chains kept in the replay buffer.</summary>
    public int BufferSize { get; init; } = 4096;

    /// <summary>Fraction of each negative batch started afresh from uniform noise instead of the buffer (5 % in Du and Mordatch).</summary>
    public double ReinitialiseFraction { get; init; } = 0.05;

    /// <summary>Half-width of the box uniform noise is drawn from; it should cover the data.</summary>
    public double NoiseBox { get; init; } = 3;

    /// <summary>α of the penalty α(E(x⁺)² + E(x⁻)²), which keeps the energies near zero so their scale cannot drift.</summary>
    public double Regularisation { get; init; } = 0.1;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
}

/// <summary>
/// Maximum-likelihood training of an energy-based model p_θ(x) = e^{−E_θ(x)}/Z_θ (β = 1): the gradient of the
/// negative log-likelihood is ∇_θ E_θ averaged over the data minus the same average over the model,
/// ∇_θ L = ⟨∇_θ E⟩_data − ⟨∇_θ E⟩_model — the continuous twin of the Boltzmann machine's clamped minus free
/// correlations. The model term is estimated on negative samples from short unadjusted Langevin runs started from a
/// persistent replay buffer (Du and Mordatch 2019); the loss whose gradient this is, ⟨E⟩_data − ⟨E⟩_neg with the
/// negatives held fixed, plus α(⟨E²⟩_data + ⟨E²⟩_neg), is what each step minimises.
/// </summary>
public sealed class ContrastiveDivergenceTrainer : IDisposable
{
    private readonly Adam _optimizer;
    private readonly LangevinSampler _sampler;
    private Tensor _buffer;

    public ContrastiveDivergenceTrainer(ContinuousEnergy energy, ContrastiveDivergenceConfig config, ulong seed)
    {
        Energy = energy ?? throw new ArgumentNullException(nameof(energy));
        Config = config ?? throw new ArgumentNullException(nameof(config));
        if (config.LangevinSteps < 1) throw new ArgumentOutOfRangeException(nameof(config), "Take at least one Langevin step per negative batch.");
        if (config.BufferSize < 1) throw new ArgumentOutOfRangeException(nameof(config), "The replay buffer needs at least one chain.");
        if (!(config.ReinitialiseFraction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(config), "The reinitialised fraction must lie in [0, 1].");
        if (!(config.NoiseBox > 0)) throw new ArgumentOutOfRangeException(nameof(config), "The noise box must be positive.");
        if (!(config.Regularisation >= 0)) throw new ArgumentOutOfRangeException(nameof(config), "The regularisation cannot be negative.");
        _sampler = new LangevinSampler(energy, config.StepSize);
        _optimizer = new Adam([new ParamGroup<AdamOptions>(energy.parameters(), config.LearningRate, new AdamOptions(0.9, 0.999, 1e-8, 0, false))]);
        Generator = new Generator(seed);
        _buffer = UniformNoise(config.BufferSize).DetachFromDisposeScope();
    }

    public ContinuousEnergy Energy { get; }

    public ContrastiveDivergenceConfig Config { get; }

    /// <summary>The generator of buffer picks, fresh noise and Langevin noise seeds.</summary>
    public Generator Generator { get; }

    /// <summary>The persistent negative samples (BufferSize, d).</summary>
    public Tensor Buffer => _buffer;

    /// <summary>One step on <paramref name="data"/> (N, d): N negatives from the buffer, Langevin, the update; returns ⟨E⟩_data − ⟨E⟩_neg.</summary>
    public double Step(Tensor data)
    {
        using var scope = torch.NewDisposeScope();
        var count = data.shape[0];
        var picks = torch.randint(0, Config.BufferSize, [count], generator: Generator);
        var start = _buffer.index_select(0, picks);
        var fresh = torch.rand([count], torch.float64, generator: Generator) < Config.ReinitialiseFraction;
        start = torch.where(fresh.unsqueeze(1), UniformNoise(count), start);
        Tensor negatives;
        using (var chains = new LangevinState(start, (ulong)torch.randint(0, long.MaxValue, [1], generator: Generator).ItemAs<long>()))
        {
            _sampler.Run(chains, Config.LangevinSteps);
            negatives = chains.Positions.clone();
        }
        // The chains continue from where they stopped next time they are picked.
        _buffer.index_put_(negatives, picks);

        _optimizer.zero_grad();
        var positive = Energy.call(data.to(negatives.dtype));
        var negative = Energy.call(negatives);
        var contrast = positive.mean() - negative.mean();
        var loss = contrast + Config.Regularisation * (positive.square().mean() + negative.square().mean());
        loss.backward();
        _optimizer.step();
        return contrast.ItemAs<double>();
    }

    private Tensor UniformNoise(long count) =>
        (torch.rand([count, Energy.Dimension], torch.float64, generator: Generator) * 2 - 1) * Config.NoiseBox;

    public void Dispose()
    {
        _buffer.Dispose();
        _optimizer.Dispose();
        Generator.Dispose();
    }
}
