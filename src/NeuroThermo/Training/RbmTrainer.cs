using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Training;

/// <summary>
/// Trains a restricted Boltzmann machine by contrastive divergence (CD-k, Hinton 2002) or persistent CD (Tieleman
/// 2008) on mini-batches of a fixed size, with momentum, L2 weight decay and an optional sparsity target.
/// </summary>
/// <remarks>
/// Each update is gradient ascent on the log-likelihood with the model average replaced by the chains' samples:
/// Δθ = −ε [⟨∂F/∂θ⟩_data − ⟨∂F/∂θ⟩_chains], i.e. ΔW = ε(⟨v E[h|v]ᵀ⟩_data − ⟨v E[h|v]ᵀ⟩_chains), Δa = ε(⟨v⟩_data −
/// ⟨v⟩_chains), Δb = ε(⟨E[h|v]⟩_data − ⟨E[h|v]⟩_chains) — the negative of <see cref="RestrictedBoltzmannMachine.FreeEnergyGradient"/>
/// of the free-energy difference, which the tests check with autograd. The negative phase is k sweeps of block Gibbs
/// sampling with binary (or ±1) states in both layers, started from the hidden sample of the data (CD) or from the
/// persistent chains (PCD). The step works in preallocated buffers with in-place kernels: per batch it allocates only
/// a few bias-sized sums and the views it needs, all inside a dispose scope.
/// </remarks>
public sealed class RbmTrainer : IDisposable
{
    private readonly RestrictedBoltzmannMachine _machine;
    private readonly RbmTrainingOptions _options;
    private readonly Generator _generator;
    private readonly Tensor _velocityWeights, _velocityVisible, _velocityHidden;   // (V, H), (V), (H)
    private readonly Tensor _visibleStates;   // the data batch over the chains' visible states, (2B, V)
    private readonly Tensor _hiddenMeans;     // E[h | data] over −E[h | chains], (2B, H)
    private readonly Tensor _data;            // rows [0, B) of _visibleStates: a copy of the batch
    private readonly Tensor _chains;          // rows [B, 2B) of _visibleStates: the negative phase's visible states; persistent under PCD
    private readonly Tensor _positiveMeans;   // rows [0, B) of _hiddenMeans: E[h | data]
    private readonly Tensor _negativeMeans;   // rows [B, 2B) of _hiddenMeans: hidden fields, then E[h | chains], then its negative
    private readonly Tensor _hidden;          // hidden samples of the chains, (B, H)
    private readonly Tensor _visibleField;    // visible fields, then probabilities, (B, V)
    private readonly Tensor _activity;        // the running mean hidden activity q of the sparsity penalty, (H)

    /// <summary>
    /// A trainer of <paramref name="machine"/> (updated in place, not owned) on batches of <paramref name="batchSize"/>
    /// rows, its every draw (shuffles, Gibbs sampling, PCD's initial chains) from <paramref name="seed"/>.
    /// </summary>
    public RbmTrainer(RestrictedBoltzmannMachine machine, RbmTrainingOptions options, int batchSize, ulong seed)
    {
        _machine = machine ?? throw new ArgumentNullException(nameof(machine));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        BatchSize = batchSize;
        _generator = new Generator(seed);
        var (v, h, dtype) = (machine.VisibleCount, machine.HiddenCount, machine.DType);
        _velocityWeights = torch.zeros([v, h], dtype).DetachFromDisposeScope();
        _velocityVisible = torch.zeros([v], dtype).DetachFromDisposeScope();
        _velocityHidden = torch.zeros([h], dtype).DetachFromDisposeScope();
        _hiddenMeans = torch.zeros([2 * batchSize, h], dtype).DetachFromDisposeScope();
        _positiveMeans = _hiddenMeans.narrow(0, 0, batchSize).DetachFromDisposeScope();
        _negativeMeans = _hiddenMeans.narrow(0, batchSize, batchSize).DetachFromDisposeScope();
        _hidden = torch.zeros([batchSize, h], dtype).DetachFromDisposeScope();
        _visibleField = torch.zeros([batchSize, v], dtype).DetachFromDisposeScope();
        _activity = torch.full([h], options.SparsityTarget ?? 0, dtype).DetachFromDisposeScope();
        _visibleStates = torch.zeros([2 * batchSize, v], dtype).DetachFromDisposeScope();
        _data = _visibleStates.narrow(0, 0, batchSize).DetachFromDisposeScope();
        _chains = _visibleStates.narrow(0, batchSize, batchSize).DetachFromDisposeScope();
        using var scope = torch.NewDisposeScope();
        var on = torch.rand([batchSize, v], dtype, generator: _generator).lt(0.5).to(dtype);   // PCD starts its chains at random states
        _chains.copy_(machine.Units.FromIndicators(on));
    }

    /// <summary>B, the rows of every batch.</summary>
    public int BatchSize { get; }

    /// <summary>The options trained with.</summary>
    public RbmTrainingOptions Options => _options;

    /// <summary>The visible states of the last negative phase (B, V) — under PCD, the persistent chains.</summary>
    public Tensor NegativeVisible => _chains;

    /// <summary>
    /// One update from <paramref name="batch"/> (B, V) with momentum <paramref name="momentum"/> and learning rate
    /// <paramref name="learningRate"/> (the options' ε when null).
    /// </summary>
    public void Step(Tensor batch, double momentum, double? learningRate = null)
    {
        _machine.CheckLayer(batch, _machine.VisibleCount, nameof(batch));
        if (batch.size(0) != BatchSize)
            throw new ArgumentException($"Expected a batch of {BatchSize} rows; got {batch.size(0)}.", nameof(batch));
        if (!(momentum is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        var epsilon = learningRate ?? _options.LearningRate;
        if (!(epsilon >= 0 && double.IsFinite(epsilon))) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be ≥ 0 and finite.");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (w, a, b) = (_machine.Weights, _machine.VisibleBiases, _machine.HiddenBiases);
        var wT = w.t();   // (V, H) -> (H, V), a view
        _data.copy_(batch);

        // Positive phase: E[h | v] of the data and a hidden sample to start CD's chains from.
        Field(_positiveMeans, _data, w, b);
        SampleAndMean(_positiveMeans, _hidden);

        // Negative phase: k block-Gibbs sweeps; PCD first draws h from its persistent chains instead of the data.
        for (var sweep = 0; sweep < _options.GibbsSteps; sweep++)
        {
            if (sweep > 0 || _options.Persistent)
            {
                Field(_negativeMeans, _chains, w, b);
                SampleAndMean(_negativeMeans, _hidden);
            }
            Field(_visibleField, _hidden, wT, a);
            SampleAndMean(_visibleField, _chains);
        }
        Field(_negativeMeans, _chains, w, b);
        Mean(_negativeMeans);

        // Δθ = momentum·Δθ + ε(⟨·⟩_data − ⟨·⟩_chains) − ε·decay·W, the statistics as batch means. With the chains'
        // hidden means negated, both phases of ΔW are one product of the stacked states, (V, 2B) @ (2B, H), and the
        // momentum rides on the product's β: one pass over the (V, H) velocity instead of three.
        var rate = epsilon / BatchSize;
        _negativeMeans.neg_();
        _velocityWeights.addmm_(_visibleStates.t(), _hiddenMeans, momentum, rate)
            .add_(w, -epsilon * _options.WeightDecay);
        _velocityVisible.mul_(momentum).add_(_data.sum(0L), rate).add_(_chains.sum(0L), -rate);
        _velocityHidden.mul_(momentum).add_(_hiddenMeans.sum(0L), rate);
        if (_options.SparsityTarget is { } target) AddSparsityPenalty(_data, target, epsilon);
        w.add_(_velocityWeights);
        a.add_(_velocityVisible);
        b.add_(_velocityHidden);
    }

    /// <summary>
    /// One pass over <paramref name="data"/> (N, V) in a fresh random order, ⌊N/B⌋ updates (the last partial batch is
    /// left for the next epoch's shuffle), at the momentum and learning rate of <paramref name="epoch"/> (counted from 1).
    /// </summary>
    public void Epoch(Tensor data, int epoch, CancellationToken cancellationToken = default)
    {
        _machine.CheckLayer(data, _machine.VisibleCount, nameof(data));
        if (data.size(0) < BatchSize)
            throw new ArgumentException($"An epoch needs at least one batch of {BatchSize} rows; the data have {data.size(0)}.", nameof(data));
        var momentum = _options.Momentum(epoch);
        var learningRate = _options.LearningRateAt(epoch);
        using var order = torch.randperm(data.size(0), generator: _generator);
        for (long start = 0; start + BatchSize <= data.size(0); start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var batch = data.index_select(0, order.narrow(0, start, BatchSize));   // (B, V)
            Step(batch, momentum, learningRate);
        }
    }

    /// <summary>output = bias + input @ weights, in place.</summary>
    private static void Field(Tensor output, Tensor input, Tensor weights, Tensor bias)
    {
        output.addmm_(input, weights, 0, 1);
        output.add_(bias);
    }

    /// <summary>Turns the fields in <paramref name="field"/> into E[s | field] in place and draws <paramref name="sample"/> from the same law.</summary>
    private void SampleAndMean(Tensor field, Tensor sample)
    {
        if (_machine.Units == RbmUnits.Bernoulli)
        {
            field.sigmoid_();                           // P(s = 1) = E[s]
            sample.bernoulli_(field, _generator);
            return;
        }
        field.mul_(2).sigmoid_();                       // P(s = +1) = σ(2x)
        sample.bernoulli_(field, _generator).mul_(2).sub_(1);
        field.mul_(2).sub_(1);                          // E[s] = 2P(s = +1) − 1 = tanh x
    }

    private void Mean(Tensor field)
    {
        if (_machine.Units == RbmUnits.Bernoulli) field.sigmoid_();
        else field.tanh_();
    }

    /// <summary>
    /// Hinton's sparsity penalty (guide §11): with q_j the running mean probability that hidden unit j is on, the
    /// cross-entropy between the target and q has derivative q_j − target in unit j's total input, so b_j moves by
    /// −ε·cost·(q_j − target) and W_ij by −ε·cost·⟨v_i⟩(q_j − target).
    /// </summary>
    private void AddSparsityPenalty(Tensor batch, double target, double epsilon)
    {
        var on = _machine.Units == RbmUnits.Bernoulli ? _positiveMeans.mean([0]) : (_positiveMeans.mean([0]) + 1.0) * 0.5;   // (H)
        _activity.mul_(_options.SparsityDecay).add_(on, 1 - _options.SparsityDecay);
        var excess = _activity - target;                                                 // (H)
        var step = -epsilon * _options.SparsityCost;
        _velocityHidden.add_(excess, step);
        _velocityWeights.addmm_(batch.mean([0]).unsqueeze(1), excess.unsqueeze(0), 1, step);   // (V, 1) @ (1, H)
    }

    public void Dispose()
    {
        foreach (var tensor in new[] { _velocityWeights, _velocityVisible, _velocityHidden, _positiveMeans, _negativeMeans, _hiddenMeans, _hidden, _visibleField, _data, _chains, _visibleStates, _activity })
            tensor.Dispose();
        _generator.Dispose();
    }
}
