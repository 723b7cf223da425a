using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.TorchExtensions.Distributed;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.Training;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>
/// Model, optimizer, schedule and generator of <c>lm.train</c>, one optimizer step at a time, with checkpoints
/// that restore all of them, so that a resumed run draws the same batches as one that never stopped.
/// Every random draw (initial weights, dropout masks, batch offsets) comes from one generator seeded with the
/// run's seed; loss estimates draw from their own generator, re-seeded for each estimate, so that
/// estimates at different steps use the same batches and never move the training generator.
/// </summary>
public sealed class LmTrainer : IDisposable
{
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string GeneratorKey = "generator.state";

    private readonly LmTrainConfig _config;
    private readonly ulong _seed;
    private readonly Generator _generator;
    private readonly TransformerLanguageModel _model;
    private readonly AdamW _optimizer;
    private readonly WarmupCosineSchedule _schedule;
    private readonly Tensor _train;
    private readonly Tensor _validation;
    private readonly DataParallel? _parallel;

    /// <summary>
    /// A fresh model at step 0 for token streams of a tokenizer with <paramref name="vocabularySize"/> ids. With a
    /// <paramref name="group"/> of several ranks, every rank draws the same batches and trains on its shard of each
    /// (<see cref="LmTrainConfig.BatchSize"/> is the global batch, which the world size must divide).
    /// </summary>
    public LmTrainer(LmTrainConfig config, ulong seed, int vocabularySize, int[] trainTokens, int[] validationTokens,
        ProcessGroup? group = null, ScalarType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (name, tokens) in new[] { ("training", trainTokens), ("validation", validationTokens) })
            if (tokens.Length <= config.ContextLength)
                throw new ArgumentException(
                    $"The {name} text has {tokens.Length} tokens, fewer than the context length {config.ContextLength} + 1; use a larger corpus or a shorter context.");
        _config = config;
        _seed = seed;
        _generator = new Generator(seed);
        if (group is not null && config.BatchSize % group.WorldSize != 0)
            throw new ArgumentException($"The batch size {config.BatchSize} is not a multiple of the world size {group.WorldSize}; each rank needs an equal shard.", nameof(group));
        _model = new TransformerLanguageModel(config.Model(vocabularySize), dtype, _generator);
        // Decay matrices (weights, embeddings), not vectors (biases, LayerNorm gains and shifts).
        var parameters = _model.parameters().ToArray();
        _optimizer = new AdamW([
            new ParamGroup<AdamOptions>(parameters.Where(p => p.dim() >= 2), config.LearningRate, new AdamOptions(beta2: config.AdamBeta2, weight_decay: config.WeightDecay)),
            new ParamGroup<AdamOptions>(parameters.Where(p => p.dim() < 2), config.LearningRate, new AdamOptions(beta2: config.AdamBeta2, weight_decay: 0)),
        ]);
        _schedule = new WarmupCosineSchedule(config.WarmupSteps, config.Steps, config.MinLearningRateFactor);
        _train = torch.tensor(trainTokens.Select(t => (long)t).ToArray()).DetachFromDisposeScope(); // (N_train)
        _validation = torch.tensor(validationTokens.Select(t => (long)t).ToArray()).DetachFromDisposeScope(); // (N_val)
        if (group is { WorldSize: > 1 })
            _parallel = new DataParallel(group, parameters);
    }

    /// <summary>Optimizer steps taken so far, restored ones included.</summary>
    public long Step { get; private set; }

    /// <summary>The lowest validation loss estimated so far (null before the first estimate).</summary>
    public double? BestValidationLoss { get; set; }

    /// <summary>The model being trained.</summary>
    public TransformerLanguageModel Model => _model;

    /// <summary>Tokens one optimizer step trains on: batch × context × gradient-accumulation micro-batches.</summary>
    public long TokensPerStep => (long)_config.BatchSize * _config.ContextLength * _config.GradientAccumulation;

    /// <summary>
    /// Floating-point operations of one training step, forward and backward, by the usual count (Kaplan et al.;
    /// PaLM appendix B): 6 per parameter that multiplies an activation per token, plus 12·L·T·d per token for
    /// the attention scores and their weighted sums. The position embedding is a lookup and does not count;
    /// a tied token embedding counts once, as the output layer.
    /// </summary>
    public double FlopsPerStep
    {
        get
        {
            var model = _model.Config;
            var parameters = _model.parameters().Sum(p => p.numel());
            var multiplying = parameters - (long)model.ContextLength * model.EmbeddingSize
                - (model.TieWeights ? 0 : (long)model.VocabularySize * model.EmbeddingSize);
            var perToken = 6.0 * multiplying + 12.0 * model.LayerCount * _config.ContextLength * model.EmbeddingSize;
            return perToken * TokensPerStep;
        }
    }

    /// <summary>Wall time spent in collectives with the other ranks so far, waiting for them included (zero on one rank).</summary>
    public TimeSpan CommunicationTime => _parallel?.CommunicationTime ?? TimeSpan.Zero;

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate => _config.LearningRate * _schedule.Factor(Step);

    /// <summary>
    /// One AdamW step on <see cref="LmTrainConfig.GradientAccumulation"/> fresh batches, whose mean gradient it
    /// follows; returns the batches' mean loss before the step.
    /// </summary>
    public double TrainStep()
    {
        using var stepScope = torch.NewDisposeScope();
        _model.train();
        _schedule.Apply(_optimizer, Step);
        _optimizer.zero_grad();
        var microBatches = _config.GradientAccumulation;
        var batch = _config.BatchSize;
        // All offsets of the step in one draw: accumulating k micro-batches of B sees the very sequences one batch
        // of k·B would, so the two give the same step (up to rounding), which the tests check.
        var (allInputs, allTargets) = Batch(_train, _generator, batch * microBatches);
        // Every rank drew the same batches; each trains on its shard of every micro-batch (all of it on one rank).
        var (shardStart, shardSize) = _parallel?.Shard(batch) ?? (0, batch);
        var total = 0.0;
        for (var micro = 0; micro < microBatches; micro++)
        {
            using var scope = torch.NewDisposeScope();
            var inputs = allInputs.narrow(0, micro * batch + shardStart, shardSize); // (b, T) of (k·B, T)
            var targets = allTargets.narrow(0, micro * batch + shardStart, shardSize);
            var loss = _model.Loss(inputs, targets);
            (microBatches == 1 ? loss : loss.div(microBatches)).backward(); // the mean over micro-batches, summed into .grad
            total += loss.ItemAs<float>();
        }
        _parallel?.AverageGradients(); // equal shards: the mean of the ranks' gradients is the global batch's
        GradientClipping.clip_grad_norm_(_model.parameters(), _config.GradientClip);
        _optimizer.step();
        Step++;
        return (_parallel?.Mean(total) ?? total) / microBatches;
    }

    /// <summary>Whether <paramref name="cancellationToken"/> asks to stop, on any rank when there are several (all ranks
    /// must call this at the same point of training, so that they stop after the same step).</summary>
    public bool StopRequested(CancellationToken cancellationToken) =>
        _parallel?.AnyRank(cancellationToken.IsCancellationRequested) ?? cancellationToken.IsCancellationRequested;

    /// <summary>Mean loss over <see cref="LmTrainConfig.EvalBatches"/> batches of the training and validation tokens.</summary>
    public (double Train, double Validation) EstimateLosses()
    {
        _model.eval();
        using var noGrad = torch.no_grad();
        using var evalGenerator = new Generator(unchecked(_seed + 1));
        var train = MeanLoss(_train, evalGenerator);
        var validation = MeanLoss(_validation, evalGenerator);
        _model.train();
        return (train, validation);
    }

    /// <summary>
    /// The validation loss over the whole validation text, without sampling noise: the text cut into consecutive
    /// windows of ContextLength inputs (the tail shorter than a window is left out), every position of every
    /// window predicted once, batched <paramref name="windowsPerBatch"/> windows at a time.
    /// </summary>
    public double FullValidationLoss(int windowsPerBatch = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowsPerBatch, 1);
        var time = _config.ContextLength;
        var windows = (_validation.size(0) - 1) / time;
        _model.eval();
        using var noGrad = torch.no_grad();
        var total = 0.0;
        for (long first = 0; first < windows; first += windowsPerBatch)
        {
            using var scope = torch.NewDisposeScope();
            var count = Math.Min(windowsPerBatch, windows - first);
            var inputs = _validation.narrow(0, first * time, count * time).view(count, time); // (W, T)
            var targets = _validation.narrow(0, first * time + 1, count * time).view(count, time);
            total += _model.Loss(inputs, targets).ItemAs<float>() * count; // the mean over a batch of equal windows
        }
        _model.train();
        return total / windows;
    }

    private double MeanLoss(Tensor tokens, Generator generator)
    {
        var total = 0.0;
        for (var i = 0; i < _config.EvalBatches; i++)
        {
            using var scope = torch.NewDisposeScope();
            var (inputs, targets) = Batch(tokens, generator, _config.BatchSize);
            total += _model.Loss(inputs, targets).ItemAs<float>();
        }
        return total / _config.EvalBatches;
    }

    private (Tensor Inputs, Tensor Targets) Batch(Tensor tokens, Generator generator, int sequences)
    {
        var time = _config.ContextLength;
        var starts = torch.randint(0, tokens.size(0) - time, [sequences], generator: generator); // (B)
        var positions = starts.unsqueeze(1).add(torch.arange(time, dtype: ScalarType.Int64)); // (B, 1) + (T) -> (B, T)
        return (tokens.index(positions), tokens.index(positions.add(1))); // (B, T) each
    }

    /// <summary>Saves model, optimizer and generator, with the step, as the checkpoint of <see cref="Step"/>.</summary>
    public void Save(CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var generatorState = _generator.get_state();
        var tensors = CheckpointStore.Prefixed(ModelPrefix, _model.state_dict())
            .Concat(CheckpointStore.Prefixed(OptimizerPrefix, _optimizer.state_dict()))
            .Append(new(GeneratorKey, generatorState));
        store.Save(Step, tensors, new State(Step, _optimizer.step_count, BestValidationLoss));
    }

    /// <summary>Puts the trainer in the state <paramref name="checkpoint"/> holds.</summary>
    /// <exception cref="InvalidDataException">The checkpoint was written for another model shape.</exception>
    public void Restore(Checkpoint<State> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            _model.load_checked_state_dict(checkpoint.Section(ModelPrefix));
            _optimizer.load_state_dict(checkpoint.Section(OptimizerPrefix), checkpoint.State.OptimizerSteps);
            _generator.set_state(checkpoint.Get(GeneratorKey));
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"The checkpoint of step {checkpoint.Step} does not fit this lm.train config: {TorchErrors.Message(e)}", e);
        }
        Step = checkpoint.State.Step;
        BestValidationLoss = checkpoint.State.BestValidationLoss;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _parallel?.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
        _train.Dispose();
        _validation.Dispose();
        _generator.Dispose();
    }

    /// <summary>What a checkpoint holds besides tensors.</summary>
    /// <param name="Step">Optimizer steps taken.</param>
    /// <param name="OptimizerSteps">The optimizer's own step count (Adam's bias corrections use it).</param>
    /// <param name="BestValidationLoss">The lowest validation estimate so far.</param>
    public sealed record State(long Step, long OptimizerSteps, double? BestValidationLoss);
}
